namespace Gleaner.Fetching.Text;

/// <summary>
/// Makes what a run's fetch keeps of a page (<see cref="PreparedFetch.Prepared"/>, null for nothing) from the page's decoded
/// characters, which are only lent for the call and may be changed where they lie (they are a scratch buffer).
/// Lets a caller that wants less than the page as a string (the extraction chain wants only its first step's
/// value) take it straight from the characters.
/// </summary>
internal delegate string? TextOf(Span<char> characters);
