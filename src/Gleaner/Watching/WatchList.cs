using Gleaner.Targets;

namespace Gleaner.Watching;

/// <summary>What a watch samples: targets that each have a <see cref="Target.Watch"/>, with unique names.</summary>
/// <param name="Targets">The targets.</param>
/// <param name="DefaultKeep">How long the history of a target no longer in the list is kept; null for good.</param>
public sealed record WatchList(IReadOnlyList<Target> Targets, TimeSpan? DefaultKeep = null)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming every target without a schedule and every repeated name.</summary>
    public WatchList Validate()
    {
        var problems = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in Targets)
        {
            if (target.Watch is null)
            {
                var where = target.Source is { } source ? $"{source}: " : "";
                problems.Add($"{where}target '{target.Name}' has no schedule (every: or cron:, in the target or under defaults)");
            }

            if (!names.Add(target.Name))
            {
                problems.Add($"target name '{target.Name}' is used twice");
            }
        }

        return problems.Count == 0 ? this : throw new ArgumentException(string.Join("; ", problems));
    }
}
