namespace Gleaner.Fetching;

/// <summary>
/// A header a target sends with each request of its fetch, e.g. an API key or a User-Agent that names the operator.
/// A secret one (flagged, filled from the environment, or one of <see cref="SecretNames"/>) is never printed, logged,
/// recorded or shown, and is not sent on a redirect to another origin.
/// </summary>
/// <param name="Name">The field name, e.g. <c>X-Api-Key</c>.</param>
/// <param name="Value">The field value, as sent.</param>
public sealed partial record RequestHeader(string Name, string Value)
{
    /// <summary>Fields that carry credentials whatever their origin: always secret.</summary>
    public static readonly IReadOnlySet<string> SecretNames =
        new HashSet<string>(["Authorization", "Cookie", "Proxy-Authorization"], StringComparer.OrdinalIgnoreCase);

    /// <summary>True when the value is a secret: flagged so (e.g. filled from an environment variable) or named so.</summary>
    public bool Secret { get; init; }

    /// <summary>True when this header must be kept out of sight and off other origins.</summary>
    public bool IsSecret => Secret || SecretNames.Contains(Name);

    /// <summary>Never the value of a secret header: records print as <c>Authorization: [secret]</c>.</summary>
    public override string ToString() => $"{Name}: {(IsSecret ? "[secret]" : Value)}";
}
