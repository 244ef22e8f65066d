using System.Globalization;
using System.Text;
using Gleaner.Storage;
using Gleaner.Watching;

namespace Gleaner.Cli.History;

/// <summary>
/// A sample as one RFC 4180 row of <see cref="SampleFields.Names"/>, ending in CRLF: numbers and flags as they are,
/// text as <see cref="CsvRow"/> writes it (control characters escaped, formulas defused, quoted when needed).
/// </summary>
internal static class SampleCsv
{
    /// <summary>The header row, with its CRLF.</summary>
    public static readonly string Header = string.Join(',', SampleFields.Names) + "\r\n";

    public static void Append(StringBuilder row, Sample sample)
    {
        Text(row, sample.Target).Append(',');
        row.Append(SampleFields.Time(sample.Due)).Append(',');
        row.Append(SampleFields.Time(sample.Started)).Append(',');
        row.Append(SampleFields.Time(SampleFields.At(sample))).Append(',');
        row.Append(sample.Outcome.ToName()).Append(',');
        if (sample.Number is { } number)
        {
            row.Append(SampleFields.Number(number));
        }
        else
        {
            Text(row, sample.Value);
        }

        row.Append(',');
        Text(row, sample.Unit).Append(',');
        row.Append(sample.Status?.ToString(CultureInfo.InvariantCulture)).Append(',');
        row.Append(sample.NotModified ? "true" : "false").Append(',');
        row.Append(sample.Changed ? "true" : "false").Append(',');
        row.Append(sample.Attempts.ToString(CultureInfo.InvariantCulture)).Append(',');
        Text(row, sample.Error).Append("\r\n");
    }

    private static StringBuilder Text(StringBuilder row, string? text)
    {
        if (text is not null)
        {
            CsvRow.AppendText(row, text);
        }

        return row;
    }
}
