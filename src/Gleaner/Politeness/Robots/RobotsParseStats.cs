namespace Gleaner.Politeness.Robots;

/// <summary>
/// What the parser recognised: lines with a known key, lines with an unknown one, and the number of the last
/// line that had a key. Diagnostics for tests and logs; matching does not read them.
/// </summary>
internal readonly record struct RobotsParseStats(int KnownDirectives, int UnknownDirectives, int LastDirectiveLine);
