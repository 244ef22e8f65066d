namespace Gleaner.Storage;

// Opening a run's output: choosing the files, then repairing the output and topping it up from the state.
public sealed partial class RunOutput
{
    /// <summary>
    /// Opens the output at <paramref name="outPath"/> (null or "-" for <paramref name="stdout"/>) and, when
    /// <paramref name="statePath"/> is given, the state of the job <paramref name="jobFingerprint"/>; repairs the
    /// output and tops it up from the state.
    /// </summary>
    /// <exception cref="ArgumentException">The output's extension is unknown, or output and state are one non-SQLite file.</exception>
    /// <exception cref="StateMismatchException">The state belongs to another job, or the output holds more records than the state.</exception>
    /// <exception cref="FileInUseException">Another run holds the state or the output; nothing was read or written.</exception>
    public static Task<RunOutput> OpenAsync(
        string? outPath, string? statePath, string jobFingerprint, TextWriter stdout, CancellationToken cancellationToken)
        => OpenAsync(outPath, statePath, jobFingerprint, stdout, TimeProvider.System, cancellationToken);

    /// <summary>As the public overload, with the clock that paces flushes.</summary>
    internal static async Task<RunOutput> OpenAsync(
        string? outPath, string? statePath, string jobFingerprint, TextWriter stdout, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentException.ThrowIfNullOrEmpty(jobFingerprint);
        if (statePath is not null && (statePath.Length == 0 || RecordSinks.IsStdout(statePath)))
        {
            throw new ArgumentException("the state must be a file path", nameof(statePath));
        }

        var shared = !RecordSinks.IsStdout(outPath) && statePath is not null && SameFile(outPath, statePath);
        if (shared && !RecordSinks.IsSqlite(outPath!))
        {
            throw new ArgumentException(
                $"the output and the state are both {outPath}; one file holds both only when it is a SQLite database (.db, .sqlite, .sqlite3)",
                nameof(outPath));
        }

        // Refuse an unknown output format before a state file is created for it.
        var sink = shared ? null : RecordSinks.Open(outPath, stdout);
        StateStore? state = null;
        var locks = new List<FileLock>();
        try
        {
            // Before anything is read or written: one run per file.
            foreach (var path in new[] { statePath, outPath }.Distinct())
            {
                if (path is not null && !RecordSinks.IsStdout(path))
                {
                    locks.Add(FileLock.Acquire(path, sqlite: path == statePath || RecordSinks.IsSqlite(path)));
                }
            }

            if (statePath is not null)
            {
                state = await StateStore.OpenAsync(statePath, jobFingerprint, cancellationToken);
            }

            SqliteSink? sharedDatabase = null;
            if (shared)
            {
                sink = sharedDatabase = new SqliteSink(outPath!, state!.Connection);
            }

            var existing = await sink!.PrepareAsync(cancellationToken);
            long restored = 0;
            if (state is not null)
            {
                if (existing > state.Count)
                {
                    throw new StateMismatchException(
                        $"{outPath} already holds {existing} records but the state {statePath} holds {state.Count}: "
                        + "the output belongs to another run; use another output or another --state");
                }

                restored = await TopUpAsync(state, sink, sharedDatabase, existing, cancellationToken);
            }

            return new RunOutput(state, sink, sharedDatabase, restored, time, locks);
        }
        catch
        {
            if (sink is not null)
            {
                await sink.DisposeAsync();
            }

            if (state is not null)
            {
                await state.DisposeAsync();
            }

            // Last, once the sink and the state have closed the files: a file made only to be locked goes again.
            locks.ForEach(l => l.DisposeAndRemoveIfUnused());
            throw;
        }
    }

    private static async Task<long> TopUpAsync(
        StateStore state, IRecordSink sink, SqliteSink? sharedDatabase, long existing, CancellationToken cancellationToken)
    {
        var after = await state.SeqAtAsync(existing, cancellationToken);
        long restored = 0;
        await foreach (var (seq, json) in state.ReadAfterAsync(after, cancellationToken))
        {
            if (sharedDatabase is not null)
            {
                // The same connection reads the state, so each row commits by itself rather than in a batch.
                sharedDatabase.Insert(json, seq, transaction: null);
            }
            else
            {
                await sink.WriteAsync(json, cancellationToken);
            }

            restored++;
        }

        await sink.FlushAsync(cancellationToken);
        return restored;
    }

    private static bool SameFile(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return false;
        }

        var comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        return string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), comparison);
    }
}
