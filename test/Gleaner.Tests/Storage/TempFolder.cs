namespace Gleaner.Tests.Storage;

/// <summary>A folder under the system temp path for one test's files, deleted with everything in it.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Path = Directory.CreateTempSubdirectory("gleaner-storage-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on some platform; the OS cleans its temp folder eventually.
        }
    }
}
