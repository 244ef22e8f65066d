namespace Gleaner.Validation;

/// <summary>The type an extracted value must have.</summary>
#pragma warning disable CA1720 // "Integer" names the job-file type, not the CLR one.
public enum ValueKind
#pragma warning restore CA1720
{
    /// <summary>A finite decimal number, read as <see cref="double"/>.</summary>
    Number,

    /// <summary>A whole number, read as <see cref="long"/>.</summary>
    Integer,

    /// <summary>Any text up to the length limit, read as <see cref="string"/>.</summary>
    Text,

    /// <summary>true/false, yes/no or 1/0, read as <see cref="bool"/>.</summary>
    Boolean,

    /// <summary>An ISO 8601 or RFC 1123 date and time, read as <see cref="DateTimeOffset"/>.</summary>
    Timestamp,
}
