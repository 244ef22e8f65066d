namespace Gleaner.Cli.History;

/// <summary>How <c>history</c> and <c>export</c> print samples, one line each.</summary>
internal enum SampleFormat
{
    /// <summary>Aligned columns for a person, text from the network escaped.</summary>
    Table,

    /// <summary>RFC 4180 CSV with a header row (cells as <c>CsvRow</c> writes them).</summary>
    Csv,

    /// <summary>One JSON object per line.</summary>
    Jsonl,
}
