using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Gleaner.Dashboard.Board;
using Gleaner.Watching;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Dashboard.Api;

/// <summary>
/// <c>GET /api/stream</c>: Server-Sent Events. Samples are gathered by target and sent at most every
/// <see cref="Interval"/> as one <c>samples</c> message, serialized once for every open stream; however fast samples
/// arrive, a browser gets four messages a second. At most <c>maxStreams</c> are open at once.
/// </summary>
internal sealed class LiveStream : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    /// <summary>Messages a slow reader may fall behind by before the oldest are dropped (a live view, not a log).</summary>
    private const int Backlog = 32;

    /// <summary>Targets in one message at most; the rest wait for the next (a message stays a few megabytes at worst).</summary>
    public const int MaxItems = 1_000;

    private static readonly byte[] KeepAliveComment = ": keep-alive\n\n"u8.ToArray();
    private static readonly byte[] Hello = "retry: 3000\n\n"u8.ToArray();

    private readonly Lock _lock = new();
    private readonly int _maxStreams;
    private readonly ITimer _flush;
    private readonly ITimer _keepAlive;
    private readonly Dictionary<string, (TargetRow Row, Sample? Sample)> _pending = new(StringComparer.Ordinal);
    private readonly List<Channel<byte[]>> _readers = [];
    private int _flushing;
    private bool _completed;

    public LiveStream(TimeProvider time, int maxStreams)
    {
        _maxStreams = maxStreams;
        _flush = time.CreateTimer(_ => Flush(), null, Interval, Interval);
        _keepAlive = time.CreateTimer(_ => Broadcast(KeepAliveComment), null, KeepAlive, KeepAlive);
    }

    /// <summary>Streams open now.</summary>
    public int Open
    {
        get
        {
            lock (_lock)
            {
                return _readers.Count;
            }
        }
    }

    /// <summary>Takes a row a sample changed; the next message carries its state then.</summary>
    public void Offer(TargetRow row, Sample? sample)
    {
        lock (_lock)
        {
            if (_readers.Count > 0)
            {
                _pending[row.Name] = (row, sample);
            }
        }
    }

    public async Task ServeAsync(HttpContext http)
    {
        var channel = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(Backlog)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropOldest,
        });
        lock (_lock)
        {
            if (_completed || _readers.Count >= _maxStreams)
            {
                channel = null;
            }
            else
            {
                _readers.Add(channel);
            }
        }

        if (channel is null)
        {
            http.Response.Headers.RetryAfter = "5";
            await JsonAnswers.ErrorAsync(http, StatusCodes.Status503ServiceUnavailable, $"{_maxStreams} event streams are open already; try again later");
            return;
        }

        try
        {
            http.Response.ContentType = "text/event-stream; charset=utf-8";
            http.Response.Headers.CacheControl = "no-store";
            var body = http.Response.Body;
            await body.WriteAsync(Hello, http.RequestAborted);
            await body.FlushAsync(http.RequestAborted);
            await foreach (var message in channel.Reader.ReadAllAsync(http.RequestAborted))
            {
                await body.WriteAsync(message, http.RequestAborted);
                await body.FlushAsync(http.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The browser went away.
        }
        finally
        {
            lock (_lock)
            {
                _readers.Remove(channel);
            }
        }
    }

    /// <summary>Ends every open stream (the server is stopping).</summary>
    public void Complete()
    {
        lock (_lock)
        {
            _completed = true;
            foreach (var reader in _readers)
            {
                reader.Writer.TryComplete();
            }
        }
    }

    public void Dispose()
    {
        _flush.Dispose();
        _keepAlive.Dispose();
        Complete();
    }

    // Timer callbacks may overlap when one runs long: one flush at a time keeps the messages in order. A failure is
    // the stream's alone (a timer callback that throws would end the process).
    private void Flush()
    {
        if (Interlocked.Exchange(ref _flushing, 1) != 0)
        {
            return;
        }

        try
        {
            FlushBatch();
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
        }
        finally
        {
            Volatile.Write(ref _flushing, 0);
        }
    }

    private void FlushBatch()
    {
        List<(TargetRow Row, Sample? Sample)> batch;
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            // The first MaxItems go now; the rest stay pending (a later sample of theirs replaces them there).
            batch = [.. _pending.Values.Take(MaxItems)];
            foreach (var (row, _) in batch)
            {
                _pending.Remove(row.Name);
            }
        }

        var items = batch.Select(p => TargetItems.Streamed(p.Row, p.Sample)).ToArray();
        var json = JsonSerializer.SerializeToUtf8Bytes(items, DashboardJson.Default.TargetItemArray);
        var message = new byte[Prefix.Length + json.Length + 2];
        Prefix.CopyTo(message, 0);
        json.CopyTo(message, Prefix.Length);
        message[^2] = (byte)'\n';
        message[^1] = (byte)'\n';
        Broadcast(message);
    }

    private static readonly byte[] Prefix = Encoding.ASCII.GetBytes("event: samples\ndata: ");

    private void Broadcast(byte[] message)
    {
        lock (_lock)
        {
            foreach (var reader in _readers)
            {
                reader.Writer.TryWrite(message);
            }
        }
    }
}
