using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Gleaner.Fetching;

/// <summary>
/// The certificates of a private CA (one or more, from a PEM file), trusted for the targets that name it as well as
/// the system's store. Two instances with the same certificates are equal, so targets that name the same file, or a
/// job file loaded again, share one connection pool.
/// </summary>
public sealed class PrivateCa : IEquatable<PrivateCa>
{
    // A CA bundle is a few kilobytes (the system's whole store is about 200 KB); this refuses a wrong path to
    // something huge without reading it all.
    private const int MaxFileBytes = 1 << 20;

    private readonly byte[] _fingerprint;

    private PrivateCa(string path, X509Certificate2Collection certificates)
    {
        Path = path;
        Certificates = certificates;
        _fingerprint = SHA256.HashData([.. certificates.SelectMany(c => c.RawData)]);
    }

    /// <summary>The file the certificates came from, as it was named.</summary>
    public string Path { get; }

    /// <summary>The CA certificates (at least one); each is a trust anchor besides the system's roots.</summary>
    public X509Certificate2Collection Certificates { get; }

    /// <summary>Loads the PEM file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is missing, unreadable, too large, or holds no valid certificate; the message says which.</exception>
    public static PrivateCa Load(string path) =>
        TryLoad(path, out var ca, out var problem) ? ca : throw new InvalidDataException($"{path}: {problem}");

    /// <summary>Loads the PEM file at <paramref name="path"/>, or says in <paramref name="problem"/> (without the path) why it cannot.</summary>
    internal static bool TryLoad(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PrivateCa? ca, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(path);
        ca = null;
        problem = Read(path, out var text);
        if (problem is not null)
        {
            return false;
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(text);
        }
        catch (CryptographicException e)
        {
            problem = $"a certificate in the file is not valid ({e.Message})";
            return false;
        }

        if (certificates.Count == 0)
        {
            problem = "the file holds no PEM certificate (a block from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----)";
            return false;
        }

        ca = new PrivateCa(path, certificates);
        return true;
    }

    private static string? Read(string path, out string text)
    {
        text = "";
        try
        {
            if (Directory.Exists(path))
            {
                return "is a directory, not a PEM file";
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            var buffer = new byte[MaxFileBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
            }

            if (length > MaxFileBytes)
            {
                return $"the file is larger than {MaxFileBytes >> 20} MiB; a CA's PEM file is a few KB";
            }

            text = Encoding.UTF8.GetString(buffer, 0, length);
            return null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return "no such file";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot read the file: {e.Message}";
        }
    }

    /// <inheritdoc/>
    public bool Equals(PrivateCa? other) => other is not null && _fingerprint.AsSpan().SequenceEqual(other._fingerprint);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PrivateCa);

    /// <inheritdoc/>
    public override int GetHashCode() => BitConverter.ToInt32(_fingerprint);

    /// <summary>The path and a short fingerprint of the certificates: an edited file reads differently.</summary>
    public override string ToString() => $"{Path} ({Certificates.Count} certificate(s), sha256 {Convert.ToHexStringLower(_fingerprint.AsSpan(0, 8))})";
}
