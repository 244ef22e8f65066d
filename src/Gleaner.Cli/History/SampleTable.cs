using System.Globalization;
using System.Text;
using Gleaner.Watching;

namespace Gleaner.Cli.History;

/// <summary>
/// A sample as one line of aligned columns for a person: due, taken at, outcome, status, attempts, whether it was a
/// 304 and whether the value changed, then the value and unit (or the failure's message). Widths are fixed, so lines
/// stream out as they are read. Text from the network is escaped (<see cref="DisplayText"/>).
/// </summary>
internal static class SampleTable
{
    // The longest outcome name, decompression_limit, is 19 characters.
    private const int OutcomeWidth = 19;

    public static readonly string Header =
        $"{"due",-24}  {"at",-24}  {"outcome",-OutcomeWidth}  status  attempts  304  changed  value\n";

    public static void Append(StringBuilder line, Sample sample)
    {
        line.Append(SampleFields.Time(sample.Due)).Append("  ");
        line.Append(SampleFields.Time(SampleFields.At(sample))).Append("  ");
        line.Append(sample.Outcome.ToName().PadRight(OutcomeWidth)).Append("  ");
        line.Append((sample.Status?.ToString(CultureInfo.InvariantCulture) ?? "").PadLeft(6)).Append("  ");
        line.Append(sample.Attempts.ToString(CultureInfo.InvariantCulture).PadLeft(8)).Append("  ");
        line.Append(sample.NotModified ? "304" : "   ").Append("  ");
        line.Append(sample.Changed ? "changed" : "       ").Append("  ");
        var shown = sample.Outcome == Outcome.Ok
            ? sample.Value + (sample.Unit is null ? "" : " " + sample.Unit)
            : sample.Error ?? "";
        line.Append(DisplayText.Escape(shown));
        var end = line.Length;
        while (line[end - 1] == ' ')
        {
            end--;
        }

        line.Length = end;
        line.Append('\n');
    }
}
