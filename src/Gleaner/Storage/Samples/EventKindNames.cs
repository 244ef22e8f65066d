using Gleaner.Watching;

namespace Gleaner.Storage.Samples;

/// <summary>The names a sample store keeps <see cref="WatchEventKind"/>s by: stable, whatever the enum's order.</summary>
internal static class EventKindNames
{
    public static string ToName(WatchEventKind kind) => kind switch
    {
        WatchEventKind.Change => "change",
        WatchEventKind.Failure => "failure",
        WatchEventKind.Recovery => "recovery",
        WatchEventKind.Notified => "notified",
        WatchEventKind.NotifyFailed => "notify_failed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a kind of watch event"),
    };

    /// <exception cref="InvalidDataException">The name is none of them.</exception>
    public static WatchEventKind Parse(string name) => name switch
    {
        "change" => WatchEventKind.Change,
        "failure" => WatchEventKind.Failure,
        "recovery" => WatchEventKind.Recovery,
        "notified" => WatchEventKind.Notified,
        "notify_failed" => WatchEventKind.NotifyFailed,
        _ => throw new InvalidDataException($"'{name}' is not a kind of watch event"),
    };
}
