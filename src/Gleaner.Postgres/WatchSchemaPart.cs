namespace Gleaner.Postgres;

/// <summary>
/// One part of the watch tables (the sample store's, the cluster's registry), brought up to date on its own: an
/// ordered list of steps, step <c>i</c> taking the part from version <c>i</c> to <c>i + 1</c>, its version kept in
/// <c>gleaner_watch_meta</c> under <see cref="MetaName"/>. A step, once released, never changes: a change is a new step.
/// </summary>
/// <param name="Title">What the part is, for messages: <c>sample store</c>.</param>
/// <param name="MetaName">Its version's row in <c>gleaner_watch_meta</c>: <c>samples_schema</c>.</param>
/// <param name="Tables">The tables its steps make, which its users read and write.</param>
/// <param name="Mismatch">
/// The exception that refuses a database whose tables this part cannot use, from its message and, where there is one,
/// the server's error: each part's callers catch their own (the sample store's is <c>SampleStoreMismatchException</c>,
/// as for a SQLite file).
/// </param>
/// <param name="Steps">Its steps, in order.</param>
internal sealed record WatchSchemaPart(
    string Title, string MetaName, IReadOnlyList<string> Tables, Func<string, Exception?, Exception> Mismatch, IReadOnlyList<string> Steps)
{
    /// <summary>The version this Gleaner writes and reads.</summary>
    public int Current => Steps.Count;
}
