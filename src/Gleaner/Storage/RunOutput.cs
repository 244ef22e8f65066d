using Gleaner.Records;

namespace Gleaner.Storage;

/// <summary>
/// Where a run's finished targets go: its state store, when it has one, and the output the user chose (JSON Lines
/// on standard output by default). Safe to call from many tasks: one record at a time commits and writes, in order.
/// </summary>
/// <remarks>
/// <para>
/// A kill at any moment loses no finished result and duplicates none on resume, because:
/// </para>
/// <list type="number">
/// <item>Records are committed to the state before they are written to the output. Each record is committed in its
/// own transaction, then appended to the output, both under one lock; so the output receives records in the
/// state's seq order, and at any instant it holds a prefix of the state's records (after a kill, perhaps followed by
/// a torn part of the next one). A record is reported recorded only once its commit returned.</item>
/// <item>On resume the output is repaired and topped up from the state: the sink cuts off a torn last record and
/// counts its n complete records, and every state record after the n-th is appended in seq order. What was
/// committed but not yet written, or still in a buffer when the process died, is written now; nothing already in
/// the output is written again. An output holding more records than the state belongs to something else, and
/// opening fails with <see cref="StateMismatchException"/>.</item>
/// <item>Targets in <see cref="DoneKeys"/> are not fetched again, so a finished target is never committed twice (a
/// second commit of a key fails instead).</item>
/// </list>
/// <para>
/// When the output and the state are the same SQLite file, a record's result row and state row commit in one
/// transaction. Records written to standard output are not read back: a resumed run prints every record again,
/// so its output is the job's whole result.
/// </para>
/// <para>
/// Nothing is fsynced per record (the state's WAL makes commits survive a kill without it). JSONL and CSV buffers
/// are flushed to the operating system every <see cref="FlushEveryRecords"/> records, at least every
/// <see cref="FlushInterval"/> of wall time, and on <see cref="CompleteAsync"/>.
/// </para>
/// </remarks>
public sealed partial class RunOutput : IAsyncDisposable
{
    /// <summary>Records written between two flushes at most.</summary>
    public const int FlushEveryRecords = 256;

    /// <summary>The longest a written record waits in a buffer before it is flushed.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);

    private readonly StateStore? _state;
    private readonly IRecordSink _sink;
    private readonly SqliteSink? _sharedDatabase;
    // A target's index names it within its job (its key adds the name and URL, for matching a state across runs),
    // so a set of indices catches a target recorded twice without holding a key string per record.
    private readonly HashSet<int> _recorded = [];
    // One record at a time commits and writes. Taken without a wait when free, which it is unless many tasks record
    // at once: the record is written on the caller's own thread, with no hand-off to a writer task and back.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ITimer _timer;
    private readonly Lazy<Task> _completion;
    private int _unflushed;
    private bool _complete;
    private Exception? _fault;

    private readonly List<FileLock> _locks;

    private RunOutput(StateStore? state, IRecordSink sink, SqliteSink? sharedDatabase, long restored, TimeProvider time, List<FileLock> locks)
    {
        _locks = locks;
        _state = state;
        _sink = sink;
        _sharedDatabase = sharedDatabase;
        RestoredFromState = restored;
        DoneKeys = state?.DoneKeys ?? System.Collections.Frozen.FrozenSet<string>.Empty;
        _completion = new Lazy<Task>(CompleteCoreAsync);
        _timer = time.CreateTimer(_ => _ = FlushOnTickAsync(), null, FlushInterval, FlushInterval);
    }

    /// <summary>Raised after each flush of the output.</summary>
    internal event EventHandler? Flushed;

    /// <summary>The keys of the targets the state already holds (empty without a state): do not fetch them again.</summary>
    public IReadOnlySet<string> DoneKeys { get; }

    /// <summary>How many records opening appended to the output from the state (those a crash kept from it).</summary>
    public long RestoredFromState { get; }

    /// <summary>
    /// Records one finished target: commits it to the state, then writes it to the output. When this returns, the
    /// record is committed and survives a kill (with a state; without one, it is in the output's buffer).
    /// Cancelling while the record waits for its turn drops it (nothing is written); once its turn came, it is committed.
    /// </summary>
    /// <exception cref="InvalidOperationException">The target was recorded before, the output is complete, or it failed earlier.</exception>
    public async Task RecordAsync(RunRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        // Serialised before the lock, so callers on other threads do this part side by side.
        await RecordAsync(new Work(record.Key, record.Index, record.Result.Outcome.ToName(), ResultJson.Write(record)), cancellationToken);
    }

    /// <summary>
    /// As <see cref="RecordAsync(RunRecord, CancellationToken)"/>, for a record written elsewhere as
    /// <see cref="ResultJson.Write(RunRecord)"/> writes it (a cluster's silo): its key, index, outcome name and JSON.
    /// </summary>
    internal Task RecordAsync(string key, int index, string outcome, string json, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return RecordAsync(new Work(key, index, outcome, json), cancellationToken);
    }

    private async Task RecordAsync(Work work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_complete)
            {
                throw new InvalidOperationException("the run output is complete and takes no more records");
            }

            if (_fault is { } fault)
            {
                throw Failed(fault);
            }

            if (!_recorded.Add(work.Index) || DoneKeys.Contains(work.Key))
            {
                throw new InvalidOperationException($"the target '{work.Key}' was recorded before: a target is recorded once");
            }

            try
            {
                await WriteAsync(work);
            }
            catch (Exception e)
            {
                // The output may now miss this record or hold part of it: stop writing, so that it stays a prefix
                // of the state, and let the next run repair and top it up.
                _fault = e;
                throw;
            }

            if (++_unflushed >= FlushEveryRecords)
            {
                await FlushAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Lets records being written finish, then flushes the output. Calling it again returns the same task.</summary>
    /// <exception cref="InvalidOperationException">A record could not be committed or written earlier.</exception>
    public Task CompleteAsync() => _completion.Value;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await CompleteAsync();
        }
        finally
        {
            await _sink.DisposeAsync();
            if (_state is not null)
            {
                await _state.DisposeAsync();
            }

            // Last: the files are released once nothing more will be written to them.
            _locks.ForEach(l => l.Dispose());
        }
    }

    private async Task WriteAsync(Work work)
    {
        if (_state is null)
        {
            await _sink.WriteAsync(work.Json, CancellationToken.None);
        }
        else if (_sharedDatabase is { } database)
        {
            await _state.CommitAsync(
                work.Key, work.Index, work.Outcome, work.Json, (transaction, seq) => database.Insert(work.Json, seq, transaction), CancellationToken.None);
        }
        else
        {
            await _state.CommitAsync(work.Key, work.Index, work.Outcome, work.Json, CancellationToken.None);
            await _sink.WriteAsync(work.Json, CancellationToken.None);
        }
    }

    private async Task FlushAsync()
    {
        if (_fault is not null)
        {
            return;
        }

        try
        {
            await _sink.FlushAsync(CancellationToken.None);
            _unflushed = 0;
            Flushed?.Invoke(this, EventArgs.Empty);
        }
        catch (Exception e)
        {
            _fault = e;
        }
    }

    private async Task FlushOnTickAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (!_complete && _unflushed > 0)
            {
                await FlushAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task CompleteCoreAsync()
    {
        await _timer.DisposeAsync();
        await _gate.WaitAsync();
        try
        {
            _complete = true;
            await FlushAsync();
        }
        finally
        {
            _gate.Release();
        }

        if (_fault is { } fault)
        {
            throw Failed(fault);
        }
    }

    private static InvalidOperationException Failed(Exception fault)
        => new($"the run output failed and takes no more records: {fault.Message}", fault);

    /// <summary>One record to commit and write.</summary>
    private sealed record Work(string Key, int Index, string Outcome, string Json);
}
