using Gleaner.Fetching;

namespace Gleaner.Jobs;

/// <summary>
/// Reads <c>ca_cert</c> (a private CA's PEM file, relative to the job file), under <c>defaults</c> and in a target,
/// into the target's <see cref="ConnectionSettings"/>. Each file is loaded once, when the job is read, so a missing
/// or bad one is reported with the others before anything is fetched; targets naming it share one connection pool.
/// </summary>
internal sealed class ConnectionReader(JobErrors errors, string jobDirectory)
{
    /// <summary>The keys this reader reads, in defaults and in a target alike.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["ca_cert"];

    // Refused with its reason rather than as an unknown key (someone will try it), and never listed as a known key.
    private const string Insecure = "insecure";

    /// <summary>Whether <paramref name="key"/> is this reader's to read or refuse.</summary>
    public static bool Owns(string key) => key == Insecure || Keys.Contains(key);

    private readonly Dictionary<string, (PrivateCa? Ca, string? Problem)> _loaded = new(StringComparer.Ordinal);

    /// <summary>What <c>defaults</c> set: each target starts from it.</summary>
    public ConnectionSettings Defaults { get; private set; } = ConnectionSettings.Default;

    /// <summary>Reads one of <see cref="Keys"/> under <c>defaults</c>.</summary>
    public void ReadDefault(JobScalar key, JobNode value) => Defaults = Read(key, value, Defaults);

    /// <summary>Reads one of <see cref="Keys"/> in a target whose settings so far are <paramref name="current"/>.</summary>
    public ConnectionSettings Read(JobScalar key, JobNode value, ConnectionSettings current)
    {
        if (key.Value == Insecure)
        {
            errors.Add(key, "insecure: certificate checks cannot be turned off in a job file; for a private CA set ca_cert: FILE "
                + "(for a test, the --insecure flag turns them off for one command)");
            return current;
        }

        if (!ScalarReader.TryText(value, "ca_cert", "the path of a PEM file with the CA's certificate, such as certs/internal-ca.pem", errors, out var text))
        {
            return current;
        }

        if (text.Length == 0 || text.Contains('\0', StringComparison.Ordinal))
        {
            errors.Add(value, "ca_cert: expected the path of a PEM file");
            return current;
        }

        var path = Path.GetFullPath(text, jobDirectory);
        if (!_loaded.TryGetValue(path, out var loaded))
        {
            loaded = PrivateCa.TryLoad(path, out var ca, out var problem) ? (ca, null) : (null, problem);
            _loaded.Add(path, loaded);
        }

        if (loaded.Problem is not null)
        {
            // A relative path is the job file's, which may not be where the command ran: both are shown.
            errors.Add(value, $"ca_cert: {(text == path ? path : $"{text} ({path})")}: {loaded.Problem}");
        }

        return loaded.Ca is null ? current : current with { PrivateCa = loaded.Ca };
    }
}
