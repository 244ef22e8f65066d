using Gleaner.Storage;

namespace Gleaner.Tests.Storage;

public class RecordSinksTests
{
    [Theory]
    [InlineData(null, typeof(JsonlSink))]
    [InlineData("-", typeof(JsonlSink))]
    [InlineData("out.jsonl", typeof(JsonlSink))]
    [InlineData("out.json", typeof(JsonlSink))]
    [InlineData("out.ndjson", typeof(JsonlSink))]
    [InlineData("OUT.JSONL", typeof(JsonlSink))]
    [InlineData("out.csv", typeof(CsvSink))]
    [InlineData("dir/out.db", typeof(SqliteSink))]
    [InlineData("out.sqlite", typeof(SqliteSink))]
    [InlineData("out.sqlite3", typeof(SqliteSink))]
    public void Open_ByExtension_PicksTheSink(string? path, Type sink)
    {
        Assert.IsType(sink, RecordSinks.Open(path, TextWriter.Null));
    }

    [Theory]
    [InlineData("out.txt")]
    [InlineData("out")]
    [InlineData("out.csv.gz")]
    public void Open_UnknownExtension_ThrowsNamingThePathAndTheChoices(string path)
    {
        var error = Assert.Throws<ArgumentException>(() => RecordSinks.Open(path, TextWriter.Null));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(".jsonl, .json, .ndjson, .csv, .db, .sqlite or .sqlite3", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }
}
