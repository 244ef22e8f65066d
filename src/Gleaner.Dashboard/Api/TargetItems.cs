using Gleaner.Dashboard.Board;
using Gleaner.Watching;

namespace Gleaner.Dashboard.Api;

/// <summary>Turns a board row into what the API and the stream say of it.</summary>
internal static class TargetItems
{
    public static TargetItem Overview(TargetRow row)
    {
        var (state, error, recent) = row.Read();
        return Item(row, state, error) with { Recent = [.. recent.Select(Finite)] };
    }

    /// <summary>
    /// A row for the live stream; a value or message longer than <see cref="MaxStreamedText"/> is cut there (the API
    /// gives it whole), so one message stays small however long the texts a page gives.
    /// </summary>
    public static TargetItem Streamed(TargetRow row, Sample? sample)
    {
        var (state, error, _) = row.Read();
        var item = Item(row, state, error);
        return item with
        {
            Value = Cut(item.Value),
            Error = Cut(item.Error),
            Changed = sample?.Changed ?? false,
            Due = sample?.Due ?? state.LastDue,
        };
    }

    /// <summary>The longest value or message a stream item carries, in characters.</summary>
    public const int MaxStreamedText = 1_024;

    /// <summary>A number JSON can carry: NaN and the infinities (which only a damaged store holds) are null.</summary>
    public static double? Finite(double? number) => number is { } n && double.IsFinite(n) ? n : null;

    private static string? Cut(string? text) => text is { Length: > MaxStreamedText } ? string.Concat(text.AsSpan(0, MaxStreamedText - 1), "…") : text;

    private static TargetItem Item(TargetRow row, TargetState state, string? error) => new()
    {
        Name = row.Name,
        Url = state.Url?.AbsoluteUri,
        Host = row.Host,
        Value = state.Value,
        Number = Finite(state.Number),
        Unit = state.Unit,
        Outcome = state.Outcome?.ToName(),
        At = state.LastAt,
        ChangedAt = state.ChangedAt,
        FailuresInARow = state.FailuresInARow,
        Error = state.Outcome is Outcome.Ok ? null : error,
    };
}
