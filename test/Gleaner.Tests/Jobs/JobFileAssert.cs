using Gleaner.Jobs;

namespace Gleaner.Tests.Jobs;

/// <summary>Parses job text that must fail and returns its errors as the user sees them.</summary>
internal static class JobFileAssert
{
    public const string FileName = "job.yaml";

    public static string[] Errors(string yaml)
    {
        var e = Assert.Throws<JobFileException>(() => JobFileParser.Parse(yaml, FileName));
        Assert.Equal(string.Join("\n", e.Errors), e.Message);
        return [.. e.Errors.Select(error => error.ToString())];
    }

    /// <summary>A job with one valid target followed by <paramref name="targetLines"/> in a second target (lines 5 on).</summary>
    public static string WithTarget(string targetLines) =>
        "targets:\n  - name: ok\n    url: https://example.com/\n  - name: t\n" + targetLines;
}
