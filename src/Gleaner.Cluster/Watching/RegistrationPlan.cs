namespace Gleaner.Cluster.Watching;

/// <summary>
/// What registering a list's targets does to the rows kept: which names are new, which specs change, which of the
/// list's names go, and which names another list already has (then nothing may change).
/// </summary>
internal sealed record RegistrationPlan(
    IReadOnlyList<RegisteredTarget> Added,
    IReadOnlyList<RegisteredTarget> Changed,
    IReadOnlyList<string> Removed,
    int Unchanged,
    IReadOnlyList<(string Name, string List)> Conflicts)
{
    /// <summary>The plan for <paramref name="list"/> to have exactly <paramref name="targets"/>, given the rows <paramref name="kept"/>.</summary>
    /// <param name="list">The list registering.</param>
    /// <param name="targets">Its targets, names distinct.</param>
    /// <param name="kept">The rows kept of the list's targets and of the names in <paramref name="targets"/>.</param>
    public static RegistrationPlan Of(string list, IReadOnlyList<RegisteredTarget> targets, IReadOnlyList<(string Name, string List, byte[] Spec)> kept)
    {
        var byName = kept.ToDictionary(k => k.Name, StringComparer.Ordinal);
        var wanted = targets.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var (added, changed, conflicts) = (new List<RegisteredTarget>(), new List<RegisteredTarget>(), new List<(string, string)>());
        var unchanged = 0;
        foreach (var target in targets.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            if (!byName.TryGetValue(target.Name, out var row))
            {
                added.Add(target);
            }
            else if (row.List != list)
            {
                conflicts.Add((target.Name, row.List));
            }
            else if (row.Spec.AsSpan().SequenceEqual(target.Spec))
            {
                unchanged++;
            }
            else
            {
                changed.Add(target);
            }
        }

        var removed = kept.Where(k => k.List == list && !wanted.Contains(k.Name)).Select(k => k.Name).Order(StringComparer.Ordinal).ToList();
        return new RegistrationPlan(added, changed, removed, unchanged, conflicts);
    }

    /// <summary>What the plan changes, as <see cref="IWatchRegistry.RegisterAsync"/> reports it.</summary>
    public RegistrationChanges Changes => new([.. Added.Select(t => t.Name)], [.. Changed.Select(t => t.Name)], Removed, Unchanged);

    /// <summary>The refusal of a plan with conflicts: each name with the list that has it.</summary>
    public WatchRegistryConflictException Conflict(string list) => new(
        $"watch list '{list}' names targets that another list registers: "
        + string.Join(", ", Conflicts.Select(c => $"{c.Name} (list '{c.List}')"))
        + "; a target's name is unique across the cluster, so rename them or remove them from the other list");
}
