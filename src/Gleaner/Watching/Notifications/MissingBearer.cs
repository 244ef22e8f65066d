namespace Gleaner.Watching.Notifications;

/// <summary>A notify rule whose bearer token's environment variable is unset or empty: the watch cannot start.</summary>
/// <param name="Target">The target with the rule.</param>
/// <param name="Variable">The variable the rule names.</param>
internal sealed record MissingBearer(string Target, string Variable);
