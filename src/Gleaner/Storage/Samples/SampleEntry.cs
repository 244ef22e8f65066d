namespace Gleaner.Storage.Samples;

/// <summary>
/// What a run row keeps of each of its samples: the times (milliseconds since the Unix epoch, UTC), the attempts and
/// two flags. Everything else about the sample is the row's, shared by all of them.
/// </summary>
/// <param name="Due">When it was due.</param>
/// <param name="Started">When its fetch started.</param>
/// <param name="Finished">When it ended.</param>
/// <param name="Attempts">Fetch attempts made.</param>
/// <param name="NotModified">The server answered 304 Not Modified.</param>
/// <param name="Status304">Its status is 304 whatever the row's status is: a 304 joins a run of 200s.</param>
internal readonly record struct SampleEntry(long Due, long Started, long Finished, int Attempts, bool NotModified, bool Status304);
