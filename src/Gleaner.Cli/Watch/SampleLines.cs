using System.Globalization;
using Gleaner.Targets;
using Gleaner.Watching;

namespace Gleaner.Cli.Watch;

/// <summary>
/// One line per sample for a terminal or a log: the time, the target, its value or failure, and what changed. Text
/// from the network (values, errors) is shown escaped.
/// </summary>
internal static class SampleLines
{
    public static string Format(Target target, Sample sample, TargetState before)
    {
        var at = sample.Finished.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var name = DisplayText.Escape(target.Name);
        if (sample.Outcome != Outcome.Ok)
        {
            var streak = before.FailuresInARow > 0 ? $" ({before.FailuresInARow + 1} in a row)" : "";
            return $"{at}  {name}  {sample.Outcome.ToName()}: {DisplayText.Escape(sample.Error ?? "")}{streak}";
        }

        var value = DisplayText.Escape(sample.Value ?? "") + (sample.Unit is { } unit ? $" {DisplayText.Escape(unit)}" : "");
        var note = sample.Changed ? $"  (was {DisplayText.Escape(before.Value ?? "")})"
            : before.FailuresInARow > 0 ? "  (recovered)"
            : sample.NotModified ? "  (not modified)"
            : "";
        return $"{at}  {name}  {value}{note}";
    }
}
