using System.Collections.Concurrent;
using Gleaner.Engine;
using Gleaner.Extraction;
using Gleaner.Fetching;
using Gleaner.Targets;
using Gleaner.Validation;

namespace Gleaner.Cluster.Fetching;

/// <summary>Between the wire's records and Gleaner's own: a <see cref="Target"/> becomes a <see cref="ClusterTarget"/> and back.</summary>
public static class ClusterTargets
{
    /// <summary>
    /// Why <paramref name="target"/> cannot run on a cluster yet (what it sends does not travel: secret headers must
    /// not cross the unauthenticated silo network, and a body, cookies, a proxy or a CA are not carried yet), or null.
    /// </summary>
    public static string? WhyNot(Target target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var what = target.Headers.FirstOrDefault(h => h.IsSecret) is { } secret
                ? $"the secret header {secret.Name} (a ${{VAR}} value, auth:, Authorization or Cookie: secrets do not cross the silo network)"
            : target.Method != HttpMethod.Get ? $"method {target.Method}"
            : target.Body is not null ? "a body"
            : target.Cookies ? "cookies"
            : target.Connection.Proxy is not null ? "a proxy (proxy:, --proxy or the proxy environment variables)"
            : target.Connection.PrivateCa is not null ? "a private CA (ca_cert:, --ca-cert)"
            : target.Connection.Insecure ? "--insecure"
            : null;
        return what is null ? null : $"{what}: cluster mode does not carry it yet; run this target with gleaner run";
    }

    /// <summary>The wire form of <paramref name="target"/>; check <see cref="WhyNot"/> first (what it names is not carried).</summary>
    public static ClusterTarget FromTarget(Target target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var (value, limits) = (target.Value, target.Limits);
        return new ClusterTarget(
            target.Name,
            target.Url,
            target.Extract is null ? [] : [.. target.Extract.Steps.Select(s => new ClusterRule(s.Kind, s.Expression))],
            new ClusterValue(value.Type.ToString().ToLowerInvariant())
            {
                Unit = value.Unit, Min = value.Min, Max = value.Max, Pattern = value.Pattern, MaxLength = value.MaxLength,
            },
            new ClusterLimits(limits.DnsTimeout, limits.ConnectTimeout, limits.TlsTimeout, limits.HeadersTimeout, limits.TotalTimeout,
                limits.Stall.MinBytes, limits.Stall.Window, limits.MaxBodyBytes, limits.MaxWireBytes, limits.MaxHeaderCount,
                limits.MaxRedirects, limits.AllowPrivate))
        {
            Retries = target.Retries,
            Headers = [.. target.Headers.Where(h => !h.IsSecret).Select(h => new ClusterHeader(h.Name, h.Value))],
        };
    }

    /// <summary>The politeness and retries of <paramref name="settings"/>, as the silos apply them.</summary>
    public static ClusterPolicy PolicyOf(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new ClusterPolicy(settings.PerHostConcurrency, settings.PerHostDelay, settings.Retries, settings.MaxRetryAfter, settings.KeyByRegistrableDomain)
        {
            PerHostJitter = settings.Jitter,
            RespectRobots = settings.RespectRobots,
        };
    }

    /// <summary>The target <paramref name="target"/> names; throws <see cref="RuleException"/> for a bad rule.</summary>
    public static Target ToTarget(ClusterTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var (value, limits) = (target.Value, target.Limits);
        return new Target
        {
            Name = target.Name,
            Url = target.Url,
            Extract = target.Rules.Count == 0 ? null : Compiled.Chain(target.Rules),
            Value = Compiled.Value(value),
            Limits = new FetchLimits
            {
                DnsTimeout = limits.DnsTimeout,
                ConnectTimeout = limits.ConnectTimeout,
                TlsTimeout = limits.TlsTimeout,
                HeadersTimeout = limits.HeadersTimeout,
                TotalTimeout = limits.TotalTimeout,
                Stall = new StallRule(limits.StallBytes, limits.StallWindow),
                MaxBodyBytes = limits.MaxBodyBytes,
                MaxWireBytes = limits.MaxWireBytes,
                MaxHeaderCount = limits.MaxHeaderCount,
                MaxRedirects = limits.MaxRedirects,
                AllowPrivate = limits.AllowPrivate,
            },
            Retries = target.Retries,
            Headers = [.. target.Headers.Select(h => new RequestHeader(h.Name, h.Value))],
        };
    }

    // A job's targets share their rules: one node compiles them once per job, and a silo once per distinct rule set
    // here (compiling a regex costs milliseconds: per target it was most of a cluster record's CPU, bench/cluster).
    // Compiled chains and value specs are immutable and shared across threads, as one node shares them.
    private static class Compiled
    {
        private const int MaxEntries = 4096;
        private static readonly ConcurrentDictionary<string, ExtractionChain> Chains = new(StringComparer.Ordinal);
        private static readonly ConcurrentDictionary<ClusterValue, ValueSpec> Values = new();

        public static ExtractionChain Chain(IReadOnlyList<ClusterRule> rules)
        {
            var key = string.Join('\0', rules.Select(r => $"{r.Kind}\0{r.Expression}"));
            return Bounded(Chains).GetOrAdd(key, static (_, rules) => ExtractionChain.Of([.. rules.Select(r => ExtractionRules.Compile(r.Kind, r.Expression))]), rules);
        }

        public static ValueSpec Value(ClusterValue value) =>
            Bounded(Values).GetOrAdd(value, static v => new ValueSpec(Enum.Parse<ValueKind>(v.Type, ignoreCase: true), v.Unit, v.Min, v.Max, v.Pattern, v.MaxLength));

        // Many jobs over a silo's life: past the bound, start over rather than grow.
        private static ConcurrentDictionary<TKey, TValue> Bounded<TKey, TValue>(ConcurrentDictionary<TKey, TValue> cache)
            where TKey : notnull
        {
            if (cache.Count >= MaxEntries)
            {
                cache.Clear();
            }

            return cache;
        }
    }
}
