namespace Gleaner.Fetching.Text;

/// <summary>
/// Makes the string a fetch keeps from a page's decoded characters, which are only lent for the call and may be
/// changed where they lie (they are a scratch buffer). Lets a caller that wants something other than the page as
/// it is (the extraction chain wants its references decoded) make that one string, not the page's string and then
/// its own.
/// </summary>
internal delegate string TextOf(Span<char> characters);
