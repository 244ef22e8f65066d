using System.Text;
using Gleaner.Jobs;

namespace Gleaner.Tests.Jobs;

/// <summary>Reading job files and URL lists from disk: the size cap before reading, missing files, encodings.</summary>
public sealed class JobFileLoadTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("gleaner-jobs-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Load_ValidFile_ErrorsAndSourcesCarryThePathAsGiven()
    {
        var path = Write("job.yaml", "\uFEFFtargets:\n  - name: a\n    url: https://example.com/\n");

        var target = Assert.Single(JobFileParser.Load(path).Targets);

        Assert.Equal($"{path}:2:5", target.Source);
    }

    [Fact]
    public void Load_BadFile_ErrorsNameThePath()
    {
        var path = Write("job.yaml", "targets:\n  - name: a\n");

        var e = Assert.Throws<JobFileException>(() => JobFileParser.Load(path));

        Assert.Equal($"{path}:2:5: target 'a' has no url", e.Message);
    }

    [Fact]
    public void Load_FileOver10MiB_IsRefusedBeforeReading()
    {
        var path = Path.Combine(directory, "huge.yaml");
        using (var file = File.Create(path))
        {
            // A sparse file: only the length matters, the size is checked before a byte is read.
            file.SetLength(JobFileLimits.MaxFileBytes + 1);
        }

        var e = Assert.Throws<JobFileException>(() => JobFileParser.Load(path));

        Assert.Equal($"{path}:1:1: the file is 10485761 bytes; a job file may be at most 10MiB (10485760 bytes)", e.Message);
    }

    [Fact]
    public void Load_MissingFile_IsAJobFileError()
    {
        var path = Path.Combine(directory, "missing.yaml");

        var e = Assert.Throws<JobFileException>(() => JobFileParser.Load(path));

        Assert.Equal($"{path}:1:1: the file does not exist", e.Message);
    }

    [Fact]
    public void Load_NotUtf8_IsAJobFileError()
    {
        var path = Path.Combine(directory, "latin1.yaml");
        File.WriteAllBytes(path, [.. Encoding.ASCII.GetBytes("targets:\n  - name: caf"), 0xE9, (byte)'\n']);

        var e = Assert.Throws<JobFileException>(() => JobFileParser.Load(path));

        Assert.Equal($"{path}:1:1: the file is not UTF-8 text", e.Message);
    }

    [Fact]
    public void Load_UrlList_ReadsTheFile()
    {
        var path = Write("urls.txt", "https://example.com/\r\nhttps://example.org/\r\n");

        Assert.Equal(
            [(new Uri("https://example.com/"), 1), (new Uri("https://example.org/"), 2)],
            UrlListParser.Load(path));
    }

    [Fact]
    public void Load_UrlListOver10MiB_IsRefusedBeforeReading()
    {
        var path = Path.Combine(directory, "urls.txt");
        using (var file = File.Create(path))
        {
            file.SetLength(JobFileLimits.MaxFileBytes + 1);
        }

        var e = Assert.Throws<JobFileException>(() => UrlListParser.Load(path));

        Assert.Equal($"{path}:1:1: the file is 10485761 bytes; a URL list may be at most 10MiB (10485760 bytes)", e.Message);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }
}
