namespace Gleaner.Storage.Samples;

/// <summary>Where the encoding of a run row's samples stands after its last one: what the next sample is written against.</summary>
/// <param name="Count">Samples in the row.</param>
/// <param name="LastDue">The last sample's due time (ms).</param>
/// <param name="LastStep">The last sample's due minus the one before it (ms); 0 for a row of one.</param>
internal readonly record struct RunCursor(int Count, long LastDue, long LastStep);
