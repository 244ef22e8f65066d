namespace Gleaner.Jobs;

/// <summary>The size caps on job files and URL lists: what a file may hold before it is refused unread or unrun.</summary>
internal static class JobFileLimits
{
    /// <summary>The largest file read, checked before reading: 10 MiB.</summary>
    public const long MaxFileBytes = 10L << 20;

    /// <summary>The most targets in a job file, or URLs in a list: 100,000.</summary>
    public const int MaxTargets = 100_000;

    /// <summary>The longest URL, in UTF-8 bytes: 8 KiB.</summary>
    public const int MaxUrlBytes = 8 << 10;

    /// <summary>The largest request body (body: in a job file, --data), in bytes: 1 MiB, as many servers cap a request.</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>The longest target name, in characters: 200.</summary>
    public const int MaxNameLength = 200;

    /// <summary>
    /// The most problems listed for one file, all in <see cref="JobFileException"/>'s message: when there are more,
    /// reading stops and the last one listed says where. A file of a million mistakes (or YAML aliases) is refused
    /// as quickly as a file of one.
    /// </summary>
    public const int MaxProblems = JobFileException.MaxListedErrors;

    /// <summary>The deepest nesting of YAML mappings and lists; the schema needs five.</summary>
    public const int MaxDepth = 32;
}
