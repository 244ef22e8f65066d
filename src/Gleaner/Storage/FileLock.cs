using System.Globalization;
using System.Text;

namespace Gleaner.Storage;

/// <summary>
/// One writer per file: a run holds a lock on each file it writes (its state and its output) for as long as it
/// runs, and a second run on the same file is refused at once with the holder named. How a file is locked depends
/// on who else opens it:
/// <list type="bullet">
/// <item>A JSON Lines or CSV output gets a POSIX record lock (<see cref="FileStream.Lock"/>, fcntl) on one byte far
/// past any data. It never stands in the way of a reader — cat, tail -f, or a .NET program, whose streams take flock
/// locks instead, which are separate. A process loses its record locks on a file when it closes any descriptor of
/// that file; a run keeps its output open until it is done.</item>
/// <item>A SQLite file (the state, a SQLite output) is opened and closed by SQLite as it sees fit, which would drop a
/// record lock, and SQLite itself uses record locks; it gets an exclusive flock instead (<see cref="FileShare.None"/>),
/// which SQLite neither takes nor drops. Readers through SQLite (sqlite3, another Gleaner) take no flock and are
/// not refused.</item>
/// </list>
/// Neither kind of lock refuses its own process, so the runs of this process are kept apart by a set of the paths
/// they hold.
/// </summary>
internal sealed class FileLock : IDisposable
{
    private const long LockedByte = 1L << 62;
    private static readonly HashSet<string> HeldHere = new(StringComparer.Ordinal);
    private readonly FileStream _stream;
    private readonly string _fullPath;

    private FileLock(FileStream stream, string fullPath, bool created)
    {
        _stream = stream;
        _fullPath = fullPath;
        Created = created;
    }

    /// <summary>True when the lock made the file (it did not exist).</summary>
    public bool Created { get; }

    /// <summary>Releases the lock and removes the file when the lock made it and nothing was written to it since.</summary>
    public void DisposeAndRemoveIfUnused()
    {
        var unused = Created && _stream.Length == 0;
        Dispose();
        if (unused)
        {
            File.Delete(_fullPath);
        }
    }

    /// <summary>Locks <paramref name="path"/> (created empty when absent) until the result is disposed.</summary>
    /// <param name="path">The file.</param>
    /// <param name="sqlite">Whether SQLite writes the file (see the type's remarks).</param>
    /// <exception cref="FileInUseException">Another run, in this process or another, holds it.</exception>
    public static FileLock Acquire(string path, bool sqlite)
    {
        var fullPath = Path.GetFullPath(path);
        lock (HeldHere)
        {
            if (!HeldHere.Add(fullPath))
            {
                throw new FileInUseException($"{path} is in use by another run in this process; wait for it to finish");
            }
        }

        var existed = File.Exists(fullPath);
        FileStream? stream = null;
        try
        {
            if (sqlite)
            {
                stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.None, bufferSize: 1);
            }
            else
            {
                stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
                // .NET offers no record locks on macOS: there only the runs of one process are kept apart.
                if (!OperatingSystem.IsMacOS())
                {
                    stream.Lock(LockedByte, 1);
                }
            }

            return new FileLock(stream, fullPath, created: !existed);
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            stream?.Dispose();
            Release(fullPath);
            throw InUse(path, fullPath, e);
        }
        catch
        {
            stream?.Dispose();
            Release(fullPath);
            throw;
        }
    }

    // EWOULDBLOCK (flock) or EAGAIN/EACCES (fcntl) on Unix; a sharing or lock violation on Windows.
    private static bool IsHeldElsewhere(IOException e) =>
        e is not FileNotFoundException and not DirectoryNotFoundException
        && e.HResult is 11 or 13 or unchecked((int)0x80070020) or unchecked((int)0x80070021);

    public void Dispose()
    {
        _stream.Dispose();
        Release(_fullPath);
    }

    private static void Release(string fullPath)
    {
        lock (HeldHere)
        {
            HeldHere.Remove(fullPath);
        }
    }

    private static FileInUseException InUse(string path, string fullPath, IOException e)
    {
        var holder = Holder(fullPath) is { } found ? $"another run (pid {found.Pid}: {found.Command})" : "another process";
        return new FileInUseException($"{path} is in use by {holder}; wait for it to finish or stop it", e);
    }

    /// <summary>The process that has <paramref name="fullPath"/> open, found as fuser does (Linux only).</summary>
    private static (int Pid, string Command)? Holder(string fullPath)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            foreach (var process in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(process), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
                {
                    continue;
                }

                if (HasOpen(process, fullPath))
                {
                    return (pid, CommandLine(process));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // /proc unreadable here: the message names no holder.
        }

        return null;
    }

    private static bool HasOpen(string process, string fullPath)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(Path.Combine(process, "fd"))
                .Any(fd => string.Equals(new FileInfo(fd).LinkTarget, fullPath, StringComparison.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another user's process, or one that ended meanwhile.
            return false;
        }
    }

    private static string CommandLine(string process)
    {
        try
        {
            var words = File.ReadAllText(Path.Combine(process, "cmdline"), Encoding.UTF8).TrimEnd('\0').Replace('\0', ' ');
            var shown = DisplayText.Escape(words);
            return shown.Length <= 160 ? shown : shown[..157] + "...";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "?";
        }
    }
}
