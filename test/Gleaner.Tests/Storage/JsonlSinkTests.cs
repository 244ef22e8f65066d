using System.Text;
using Gleaner.Storage;

namespace Gleaner.Tests.Storage;

public sealed class JsonlSinkTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task WriteAsync_NewFile_WritesTheRecordJsonAsOneLine()
    {
        var path = _folder.File("out.jsonl");
        await using (var sink = new JsonlSink(path))
        {
            Assert.Equal(0, await sink.PrepareAsync(Ct));
            await sink.WriteAsync(SampleRecords.Json(SampleRecords.Nyc()), Ct);
        }

        Assert.Equal(SampleRecords.NycLine + "\n", await File.ReadAllTextAsync(path, Ct));
    }

    [Fact]
    public async Task WriteAsync_ControlsAndBidiInText_AreJsonEscapesAndReadBackUnchanged()
    {
        const string Hostile = "\u001b]0;owned\u0007\u001b[2J\u009b31m\u007f\u202e\u2066\u200f66.9°F\r\n";
        const string Escaped = "\\u001B]0;owned\\u0007\\u001B[2J\\u009B31m\\u007F\\u202E\\u2066\\u200F66.9°F\\r\\n";
        var path = _folder.File("out.jsonl");
        var record = SampleRecords.Make(1, Hostile, Outcome.InvalidValue, unit: Hostile, error: Hostile);

        await using (var sink = new JsonlSink(path))
        {
            await sink.PrepareAsync(Ct);
            await sink.WriteAsync(SampleRecords.Json(record), Ct);
        }

        var line = await File.ReadAllTextAsync(path, Ct);
        Assert.Equal(
            $$"""{"name":"{{Escaped}}","url":"http://example.test/weather/1","final_url":"http://example.test/weather/1","outcome":"invalid_value","value":null,"unit":"{{Escaped}}","status":null,"http_version":null,"timings":{"dns_ms":0,"connect_ms":0,"tls_ms":0,"headers_ms":0,"body_ms":0,"total_ms":0},"bytes":{"wire":0,"decoded":0},"redirects":[],"error":"{{Escaped}}","content_type":null,"charset":null,"invalid_bytes_replaced":false,"attempts":1,"at":"2026-01-02T03:04:05.6780000+00:00"}""" + "\n",
            line);
        using var json = System.Text.Json.JsonDocument.Parse(line);
        Assert.Equal(Hostile, json.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task PrepareAsync_ExistingRecords_CountsThemAndAppends()
    {
        var path = _folder.File("out.jsonl");
        await File.WriteAllTextAsync(path, "{\"n\":1}\n{\"n\":2}\n", Ct);
        await using (var sink = new JsonlSink(path))
        {
            Assert.Equal(2, await sink.PrepareAsync(Ct));
            await sink.WriteAsync("{\"n\":3}", Ct);
        }

        Assert.Equal("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n", await File.ReadAllTextAsync(path, Ct));
    }

    [Fact]
    public async Task PrepareAsync_TornLastLine_CutsBackToTheLastCompleteRecord()
    {
        var path = _folder.File("out.jsonl");
        await File.WriteAllTextAsync(path, "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n{\"name\":\"t3\",\"ur", Ct);
        await using (var sink = new JsonlSink(path))
        {
            Assert.Equal(3, await sink.PrepareAsync(Ct));
            await sink.WriteAsync("{\"n\":4}", Ct);
        }

        Assert.Equal("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n{\"n\":4}\n", await File.ReadAllTextAsync(path, Ct));
    }

    [Fact]
    public async Task PrepareAsync_WholeLastRecordWithoutItsNewline_IsCompletedAndCounted()
    {
        var path = _folder.File("out.jsonl");
        await File.WriteAllTextAsync(path, "{\"n\":1}\n{\"n\":2}", Ct);
        await using (var sink = new JsonlSink(path))
        {
            Assert.Equal(2, await sink.PrepareAsync(Ct));
            await sink.WriteAsync("{\"n\":3}", Ct);
        }

        Assert.Equal("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n", await File.ReadAllTextAsync(path, Ct));
    }

    [Theory]
    [InlineData("{\"n\":2")]
    [InlineData("{\"n\":2,\"s\":\"a}\"")]
    [InlineData("{\"n\":[1,2]")]
    [InlineData("{")]
    [InlineData("2")]
    public async Task PrepareAsync_LastLineNotAWholeObject_IsCut(string tail)
    {
        var path = _folder.File("out.jsonl");
        await File.WriteAllTextAsync(path, "{\"n\":1}\n" + tail, Ct);
        await using (var sink = new JsonlSink(path))
        {
            Assert.Equal(1, await sink.PrepareAsync(Ct));
        }

        Assert.Equal("{\"n\":1}\n", await File.ReadAllTextAsync(path, Ct));
    }

    [Fact]
    public async Task PrepareAsync_TornInsideAMultiByteCharacter_CutsTheWholeLine()
    {
        var path = _folder.File("out.jsonl");
        var whole = Encoding.UTF8.GetBytes("{\"v\":\"66.9 °F\"}\n");
        var torn = Encoding.UTF8.GetBytes("{\"v\":\"45 °F\"}");
        var tornAt = Array.IndexOf(torn, (byte)0xC2) + 1; // between the two bytes of '°'
        await File.WriteAllBytesAsync(path, [.. whole, .. torn.AsSpan(0, tornAt)], Ct);

        await using (var sink = new JsonlSink(path))
        {
            Assert.Equal(1, await sink.PrepareAsync(Ct));
        }

        Assert.Equal(whole, await File.ReadAllBytesAsync(path, Ct));
    }

    [Fact]
    public async Task PrepareAsync_OnlyATornLine_LeavesAnEmptyFile()
    {
        var path = _folder.File("out.jsonl");
        await File.WriteAllTextAsync(path, "{\"name\":\"t0\"", Ct);

        await using (var sink = new JsonlSink(path))
        {
            Assert.Equal(0, await sink.PrepareAsync(Ct));
        }

        Assert.Equal(0, new FileInfo(path).Length);
    }

    [Fact]
    public async Task PrepareAsync_LargeFile_CountsAcrossReadChunks()
    {
        var path = _folder.File("out.jsonl");
        var line = "{\"pad\":\"" + new string('x', 1000) + "\"}\n";
        await File.WriteAllTextAsync(path, string.Concat(Enumerable.Repeat(line, 300)) + "{\"pad\":\"xx", Ct);

        await using (var sink = new JsonlSink(path))
        {
            Assert.Equal(300, await sink.PrepareAsync(Ct));
        }

        Assert.Equal(300L * Encoding.UTF8.GetByteCount(line), new FileInfo(path).Length);
    }

    [Fact]
    public async Task TextWriter_PrepareReturnsZero_WritesLines_AndLeavesTheWriterOpen()
    {
        var stdout = new StringWriter();
        await using (var sink = new JsonlSink(stdout))
        {
            Assert.Equal(0, await sink.PrepareAsync(Ct));
            await sink.WriteAsync(SampleRecords.Json(SampleRecords.Nyc()), Ct);
            await sink.WriteAsync("{\"n\":2}", Ct);
        }

        stdout.Write("still open");
        Assert.Equal(SampleRecords.NycLine + "\n{\"n\":2}\nstill open", stdout.ToString());
    }

    [Fact]
    public async Task WriteAsync_JsonSpanningLines_Throws()
    {
        await using var sink = new JsonlSink(new StringWriter());
        await sink.PrepareAsync(Ct);

        await Assert.ThrowsAsync<ArgumentException>(() => sink.WriteAsync("{\n\"n\":1}", Ct));
    }

    [Fact]
    public async Task WriteAsync_BeforePrepare_Throws()
    {
        await using var sink = new JsonlSink(_folder.File("out.jsonl"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => sink.WriteAsync("{}", Ct));
    }
}
