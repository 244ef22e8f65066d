using Gleaner.Cli;

namespace Gleaner.Tests.Cli;

public class UnexpectedErrorTests
{
    [Fact]
    public void Report_FileFailure_OneLineNamingItExit74()
    {
        using var error = new StringWriter();
        var failure = new InvalidOperationException("the run output failed", new IOException("No space left on device : '/data/out.jsonl'"));

        var code = UnexpectedError.Report(failure, verbose: false, error);

        Assert.Equal((74, "gleaner: a file could not be written or read: No space left on device : '/data/out.jsonl'\n"), (code, error.ToString().Replace("\r", "", StringComparison.Ordinal)));
    }

    [Fact]
    public void Report_Bug_OneEscapedLineWithoutTraceExit70()
    {
        using var error = new StringWriter();

        var code = UnexpectedError.Report(Thrown(new InvalidOperationException("bad state \u001b[2J\nnext")), verbose: false, error);

        Assert.Equal(70, code);
        Assert.Equal(
            "gleaner: internal error: InvalidOperationException: bad state \\x1b[2J\\x0anext (a bug in Gleaner; run again with --verbose for the details)",
            Assert.Single(error.ToString().TrimEnd().Split('\n')));
    }

    [Fact]
    public void Report_BugVerbose_AddsTheTraceOnItsOwnLines()
    {
        using var error = new StringWriter();

        UnexpectedError.Report(Thrown(new InvalidOperationException("bad state")), verbose: true, error);

        var lines = error.ToString().TrimEnd().Split('\n');
        Assert.StartsWith("gleaner: internal error: InvalidOperationException: bad state", lines[0], StringComparison.Ordinal);
        Assert.Equal("System.InvalidOperationException: bad state", lines[1].TrimEnd('\r'));
        Assert.Contains(lines, l => l.Contains(nameof(Thrown), StringComparison.Ordinal));
    }

    private static Exception Thrown(Exception e)
    {
        try
        {
            throw e;
        }
        catch (Exception caught)
        {
            return caught;
        }
    }
}
