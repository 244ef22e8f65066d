namespace Gleaner.Watching.Notifications;

/// <summary>
/// What became of a <see cref="Notifier"/>'s events so far. <see cref="Pending"/> are queued or in flight; after
/// <see cref="Notifier.StopAsync"/>, the ones it gave up on at the end of the grace.
/// </summary>
internal readonly record struct NotifyCounts(long Sent, long Failed, long Dropped, long Pending);
