using Gleaner.Storage;

namespace Gleaner.Tests.Storage;

public sealed class CsvSinkTests : IDisposable
{
    private const string Header = "name,url,final_url,outcome,value,unit,status,attempts,at,error,total_ms,wire_bytes,decoded_bytes,redirects\r\n";
    private const string At = "2026-01-02T03:04:05.6780000+00:00";

    private readonly TempFolder _folder = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task WriteAsync_Records_WritesExactRfc4180Text()
    {
        var path = _folder.File("out.csv");
        var records = new[]
        {
            SampleRecords.Nyc(),
            SampleRecords.Make(1, "=HYPERLINK(\"http://evil.test\")", value: -7.2, unit: "C", status: 200),
            SampleRecords.Make(
                2,
                "multi",
                Outcome.Protocol,
                error: "bad \"chunk\", then:\nline 2",
                redirects: ["http://example.test/a", "http://example.test/b"],
                attempts: 3),
            SampleRecords.Make(3, "+1", value: "@SUM(A1:A9)", status: 200),
            SampleRecords.Make(4, "\tTab", value: "-7.2", status: 200),
        };

        await using (var sink = new CsvSink(path))
        {
            Assert.Equal(0, await sink.PrepareAsync(Ct));
            foreach (var record in records)
            {
                await sink.WriteAsync(SampleRecords.Json(record), Ct);
            }
        }

        var expected = Header
            + $"nyc,http://example.test/weather,http://example.test/w2,ok,66.9,F,200,1,{At},,17,1234,5678,http://example.test/w2\r\n"
            + $"\"'=HYPERLINK(\"\"http://evil.test\"\")\",http://example.test/weather/1,http://example.test/weather/1,ok,-7.2,C,200,1,{At},,0,0,0,\r\n"
            + $"multi,http://example.test/weather/2,http://example.test/weather/2,protocol,,,,3,{At},\"bad \"\"chunk\"\", then:\\x0aline 2\",0,0,0,http://example.test/a http://example.test/b\r\n"
            + $"'+1,http://example.test/weather/3,http://example.test/weather/3,ok,'@SUM(A1:A9),,200,1,{At},,0,0,0,\r\n"
            + $"'\tTab,http://example.test/weather/4,http://example.test/weather/4,ok,'-7.2,,200,1,{At},,0,0,0,\r\n";
        Assert.Equal(expected, await File.ReadAllTextAsync(path, Ct));
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "\\x0dx")]
    [InlineData("\u001b]0;owned\u0007", "\\x1b]0;owned\\x07")]
    [InlineData("a\u007f\u009b31m", "a\\x7f\\x9b31m")]
    [InlineData("\u202e=1+1", "\\u202e=1+1")]
    [InlineData("-\u2066x,y", "\"'-\\u2066x,y\"")]
    [InlineData("a=b", "a=b")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("=a,b", "\"'=a,b\"")]
    [InlineData("", "")]
    public async Task WriteAsync_TextCell_IsProtectedAndQuoted(string name, string cell)
    {
        var path = _folder.File("out.csv");
        await using (var sink = new CsvSink(path))
        {
            await sink.PrepareAsync(Ct);
            await sink.WriteAsync(SampleRecords.Json(SampleRecords.Make(1, name)), Ct);
        }

        var text = await File.ReadAllTextAsync(path, Ct);
        Assert.StartsWith(Header + cell + ",http://example.test/weather/1,", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_ControlsInEveryTextColumn_AreEscapedAndTheRecordIsOneLine()
    {
        const string Hostile = "\u001b]0;owned\u0007\u001b[2J\u009b31m\u007f\u202e66.9°F\r\n";
        const string Shown = "\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\x7f\\u202e66.9°F\\x0d\\x0a";
        var path = _folder.File("out.csv");
        var record = SampleRecords.Make(1, Hostile, Outcome.InvalidValue, value: Hostile, unit: Hostile, error: Hostile,
            redirects: ["http://example.test/\u001b[2J"]);

        await using (var sink = new CsvSink(path))
        {
            await sink.PrepareAsync(Ct);
            await sink.WriteAsync(SampleRecords.Json(record), Ct);
        }

        Assert.Equal(
            Header + $"{Shown},http://example.test/weather/1,http://example.test/weather/1,invalid_value,{Shown},{Shown},,1,{At},{Shown},0,0,0,http://example.test/\\x1b[2J\r\n",
            await File.ReadAllTextAsync(path, Ct));
    }

    [Fact]
    public async Task PrepareAsync_Reopened_WritesTheHeaderOnceAndCountsRecords()
    {
        var path = _folder.File("out.csv");
        await using (var sink = new CsvSink(path))
        {
            Assert.Equal(0, await sink.PrepareAsync(Ct));
            await sink.WriteAsync(SampleRecords.Json(SampleRecords.Numbered(1)), Ct);
            await sink.WriteAsync(SampleRecords.Json(SampleRecords.Numbered(2)), Ct);
        }

        await using (var sink = new CsvSink(path))
        {
            Assert.Equal(2, await sink.PrepareAsync(Ct));
            await sink.WriteAsync(SampleRecords.Json(SampleRecords.Numbered(3)), Ct);
        }

        var text = await File.ReadAllTextAsync(path, Ct);
        Assert.Equal(1, CountOf(text, "name,url,"));
        Assert.Equal(4, CountOf(text, "\r\n"));
        Assert.EndsWith($"t3,http://example.test/weather/3,http://example.test/weather/3,ok,3,,200,1,{At},,0,0,0,\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrepareAsync_TornRecordWithAQuotedLineFeed_CutsTheWholeRecord()
    {
        // The torn record's only line feed is inside a quoted field: a line-based repair would keep it.
        var path = _folder.File("out.csv");
        var complete = Header
            + "a,http://x.test/,http://x.test/,ok,1,,200,1,t,\"one\ntwo\",0,0,0,\r\n"
            + "b,http://x.test/,http://x.test/,ok,2,,200,1,t,,0,0,0,\r\n";
        await File.WriteAllTextAsync(path, complete + "c,http://x.test/,http://x.test/,protocol,,,,1,t,\"line 1\nline", Ct);

        await using (var sink = new CsvSink(path))
        {
            Assert.Equal(2, await sink.PrepareAsync(Ct));
        }

        Assert.Equal(complete, await File.ReadAllTextAsync(path, Ct));
    }

    [Fact]
    public async Task PrepareAsync_TornHeader_WritesItAgain()
    {
        var path = _folder.File("out.csv");
        await File.WriteAllTextAsync(path, "name,url,fin", Ct);

        await using (var sink = new CsvSink(path))
        {
            Assert.Equal(0, await sink.PrepareAsync(Ct));
        }

        Assert.Equal(Header, await File.ReadAllTextAsync(path, Ct));
    }

    [Fact]
    public async Task PrepareAsync_SomeoneElsesCsv_ThrowsAndLeavesItAlone()
    {
        var path = _folder.File("prices.csv");
        await File.WriteAllTextAsync(path, "item,price\r\napple,1.20", Ct);

        await using var sink = new CsvSink(path);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => sink.PrepareAsync(Ct));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal("item,price\r\napple,1.20", await File.ReadAllTextAsync(path, Ct));
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
