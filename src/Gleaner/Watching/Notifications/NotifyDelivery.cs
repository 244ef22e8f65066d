namespace Gleaner.Watching.Notifications;

/// <summary>
/// One event on its way: the rule that sends it and its JSON body. Holds no secret (the token is read when it is
/// sent), so nothing that prints it can leak one.
/// </summary>
internal sealed record NotifyDelivery(NotifyRule Rule, string Target, WatchEventKind Kind, byte[] Body);
