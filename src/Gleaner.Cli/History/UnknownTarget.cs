using Gleaner.Jobs;

namespace Gleaner.Cli.History;

/// <summary>The one line for a target name the store does not hold: the nearest name, and the names it does hold.</summary>
internal static class UnknownTarget
{
    private const int Listed = 10;

    public static string Line(string name, string store, IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            return DisplayText.Escape($"usage: no target '{name}' in {store}: it holds no samples yet");
        }

        var listed = string.Join(", ", names.Take(Listed)) + (names.Count > Listed ? $", … ({names.Count} in all)" : "");
        return DisplayText.Escape($"usage: no target '{name}' in {store}{KeySuggester.Hint(name, names)} Its targets: {listed}");
    }
}
