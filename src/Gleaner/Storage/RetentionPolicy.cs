namespace Gleaner.Storage;

/// <summary>How long a store keeps each target's samples and events: a per-target keep, else the default, else for good.</summary>
/// <param name="Default">The keep of a target not in <paramref name="PerTarget"/> (a target no longer watched among them); null keeps for good.</param>
/// <param name="PerTarget">Each watched target's keep, by name.</param>
public sealed record RetentionPolicy(TimeSpan? Default, IReadOnlyDictionary<string, TimeSpan> PerTarget)
{
    /// <summary>How long <paramref name="target"/>'s history is kept; null for good.</summary>
    public TimeSpan? For(string target) => PerTarget.TryGetValue(target, out var keep) ? keep : Default;
}
