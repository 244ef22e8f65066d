using Gleaner.Dashboard.Board;
using Gleaner.Watching;

namespace Gleaner.Dashboard.Api;

/// <summary>Turns a board row into what the API and the stream say of it.</summary>
internal static class TargetItems
{
    public static TargetItem Overview(TargetRow row)
    {
        var (state, error, recent) = row.Read();
        return Item(row, state, error) with { Recent = recent };
    }

    public static TargetItem Streamed(TargetRow row, Sample? sample)
    {
        var (state, error, _) = row.Read();
        return Item(row, state, error) with { Changed = sample?.Changed ?? false, Due = sample?.Due ?? state.LastDue };
    }

    private static TargetItem Item(TargetRow row, TargetState state, string? error) => new()
    {
        Name = row.Name,
        Url = state.Url?.AbsoluteUri,
        Host = row.Host,
        Value = state.Value,
        Number = state.Number,
        Unit = state.Unit,
        Outcome = state.Outcome?.ToName(),
        At = state.LastAt,
        ChangedAt = state.ChangedAt,
        FailuresInARow = state.FailuresInARow,
        Error = state.Outcome is Outcome.Ok ? null : error,
    };
}
