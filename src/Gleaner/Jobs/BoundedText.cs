using System.Text;

namespace Gleaner.Jobs;

/// <summary>Reads a user's job file or URL list as UTF-8 text, refusing it unread when it is over the size cap.</summary>
internal static class BoundedText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The text of <paramref name="path"/>. Throws <see cref="JobFileException"/> when the file is missing,
    /// unreadable, larger than <see cref="JobFileLimits.MaxFileBytes"/> or not UTF-8. <paramref name="what"/>
    /// names the kind of file in messages ("a job file").
    /// </summary>
    public static string Read(string path, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw JobErrors.Single(path, "the file does not exist");
            }

            // Checked before reading, so a huge file costs nothing.
            if (info.Length > JobFileLimits.MaxFileBytes)
            {
                throw TooLarge(path, info.Length, what);
            }

            // The read is bounded too: a file that grows after the check, or a pipe that reports no length,
            // still stops one byte past the cap.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            var bytes = new MemoryStream();
            var buffer = new byte[64 << 10];
            int read;
            while ((read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, JobFileLimits.MaxFileBytes + 1 - bytes.Length))) > 0)
            {
                bytes.Write(buffer, 0, read);
                if (bytes.Length > JobFileLimits.MaxFileBytes)
                {
                    throw TooLarge(path, bytes.Length, what);
                }
            }

            return Decode(path, bytes.GetBuffer().AsSpan(0, (int)bytes.Length));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw JobErrors.Single(path, $"cannot read the file: {e.Message}");
        }
    }

    /// <summary>Throws when text given in memory is over the cap, as <see cref="Read"/> does for a file.</summary>
    public static void CheckSize(string text, string fileName, string what)
    {
        // Each character is at least one UTF-8 byte, so long text is refused without counting.
        var bytes = text.Length > JobFileLimits.MaxFileBytes ? text.Length : Encoding.UTF8.GetByteCount(text);
        if (bytes > JobFileLimits.MaxFileBytes)
        {
            throw TooLarge(fileName, bytes, what);
        }
    }

    private static string Decode(string path, ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(Encoding.UTF8.Preamble))
        {
            bytes = bytes[Encoding.UTF8.Preamble.Length..];
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw JobErrors.Single(path, "the file is not UTF-8 text");
        }
    }

    private static JobFileException TooLarge(string fileName, long bytes, string what) =>
        JobErrors.Single(fileName, $"the file is {bytes} bytes; {what} may be at most 10MiB ({JobFileLimits.MaxFileBytes} bytes)");
}
