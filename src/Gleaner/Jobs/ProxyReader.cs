using Gleaner.Fetching;

namespace Gleaner.Jobs;

/// <summary>
/// Reads <c>proxy</c> under <c>defaults</c> and in a target (see <see cref="ProxyText"/>). A target without one
/// takes the defaults', and without that keeps <see cref="ConnectionSettings.Default"/>, whose proxy the caller may
/// take from the environment. One instance per file: targets that write the same text share one settings value, and
/// so one connection pool.
/// </summary>
internal sealed class ProxyReader(JobErrors errors, Func<string, string?> environment)
{
    /// <summary>The key this reader owns, in defaults and in a target alike.</summary>
    public const string Key = "proxy";

    private readonly Dictionary<string, ConnectionSettings> _read = new(StringComparer.Ordinal);

    /// <summary>What <c>proxy</c> under defaults says; <see cref="ConnectionSettings.Default"/> when it is not there.</summary>
    public ConnectionSettings Defaults { get; private set; } = ConnectionSettings.Default;

    /// <summary>Reads <c>proxy</c> under defaults.</summary>
    public void ReadDefaults(JobNode value) => Defaults = Read(value) ?? Defaults;

    /// <summary>The settings <paramref name="value"/> asks for, or null after reporting its problems.</summary>
    public ConnectionSettings? Read(JobNode value)
    {
        if (!ScalarReader.TryText(value, Key, "a proxy URL such as http://proxy.example:3128, or none", errors, out var text))
        {
            return null;
        }

        if (_read.TryGetValue(text, out var known))
        {
            return known;
        }

        var problems = new List<string>();
        var settings = ProxyText.Read(text, environment, problems);
        foreach (var problem in problems)
        {
            errors.Add(value, $"{Key}: {problem}");
        }

        if (settings is not null)
        {
            _read[text] = settings;
        }

        return settings;
    }
}
