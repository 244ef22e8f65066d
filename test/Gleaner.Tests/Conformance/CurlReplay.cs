using System.Globalization;
using System.Text.RegularExpressions;

namespace Gleaner.Tests.Conformance;

/// <summary>
/// How curl's test server (sws) answers a request, as FILEFORMAT.md describes it: the test number is the digits
/// after the last slash of the request target; above 10000 the last four digits pick the reply part (…0002 serves
/// &lt;data2&gt;). The connection closes after a reply that holds "swsclose" (or when servercmd says so, or the
/// part is empty); otherwise it stays open for the next request. A reply holding "swsbounce" makes the next request
/// for the same part get the part after it, so one instance serves one test run.
/// </summary>
internal sealed partial class CurlReplay(CurlTestFile file)
{
    private readonly Lock _gate = new();
    private int _previousPart = -1;
    private bool _bounce;

    /// <summary>The &lt;dataN&gt; part number sws picks for <paramref name="target"/>.</summary>
    public static int PartFor(string target)
    {
        var slash = target.LastIndexOf('/');
        if (slash < 0)
        {
            return 0;
        }

        var digits = Digits().Match(target, slash + 1);
        return digits.Success && long.TryParse(digits.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 10000
            ? (int)(number % 10000)
            : 0;
    }

    /// <summary>The reply sws sends for <paramref name="target"/>.</summary>
    public ReplayReply ReplyFor(string target)
    {
        var part = PartFor(target);
        lock (_gate)
        {
            if (_bounce && part == _previousPart)
            {
                part++;
            }

            _previousPart = part;
            _bounce = file.Section(SectionName(part))?.Text.Contains("swsbounce", StringComparison.Ordinal) == true;
        }

        return Reply(part);
    }

    private static string SectionName(int part) => part == 0 ? "reply/data" : $"reply/data{part}";

    private ReplayReply Reply(int part)
    {
        var section = file.Section(SectionName(part));
        var command = file.Section("reply/servercmd")?.Text ?? "";
        var bytes = section?.Bytes ?? [];
        var delay = WriteDelay().Match(command);
        var wait = PostWait().Match(file.Section("reply/postcmd")?.Text ?? "");
        return new ReplayReply(bytes)
        {
            Close = bytes.Length == 0 || section!.Text.Contains("swsclose", StringComparison.Ordinal)
                || command.Split('\n').Any(l => l.Trim() == "swsclose"),
            // Enough to split the reply into pieces; curl's own delays are shortened to keep the run fast.
            WriteDelay = delay.Success ? TimeSpan.FromMilliseconds(Math.Min(20, int.Parse(delay.Groups[1].Value))) : TimeSpan.Zero,
            HoldBeforeClose = wait.Success ? TimeSpan.FromSeconds(int.Parse(wait.Groups[1].Value)) : TimeSpan.Zero,
        };
    }

    [GeneratedRegex(@"\G[^0-9]*([0-9]+)")]
    private static partial Regex Digits();

    [GeneratedRegex(@"writedelay:\s*(\d+)")]
    private static partial Regex WriteDelay();

    [GeneratedRegex(@"wait\s+(\d+)")]
    private static partial Regex PostWait();
}
