using System.Net;
using Gleaner.Fetching;
using Microsoft.Extensions.Time.Testing;

namespace Gleaner.Tests.Engine;

public class CachingResolverTests
{
    private readonly FakeTimeProvider _time = new();
    private int _lookups;

    private Task<IPAddress[]> Lookup(string host, CancellationToken ct)
    {
        Interlocked.Increment(ref _lookups);
        return Task.FromResult(new[] { IPAddress.Parse("192.0.2.1") });
    }

    [Fact]
    public async Task ResolveAsync_WithinTtl_AsksOnce()
    {
        var resolver = new CachingResolver(Lookup, _time, TimeSpan.FromSeconds(60));
        var ct = TestContext.Current.CancellationToken;

        await resolver.ResolveAsync("example.com", ct);
        _time.Advance(TimeSpan.FromSeconds(59));
        await resolver.ResolveAsync("EXAMPLE.com", ct);

        Assert.Equal(1, _lookups);
    }

    [Fact]
    public async Task ResolveAsync_AfterTtl_AsksAgain()
    {
        var resolver = new CachingResolver(Lookup, _time, TimeSpan.FromSeconds(60));
        var ct = TestContext.Current.CancellationToken;

        await resolver.ResolveAsync("example.com", ct);
        _time.Advance(TimeSpan.FromSeconds(60));
        await resolver.ResolveAsync("example.com", ct);

        Assert.Equal(2, _lookups);
    }

    [Fact]
    public async Task ResolveAsync_ConcurrentCallers_ShareOneLookup()
    {
        var answer = new TaskCompletionSource<IPAddress[]>();
        var resolver = new CachingResolver((_, _) => { Interlocked.Increment(ref _lookups); return answer.Task; }, _time);
        var ct = TestContext.Current.CancellationToken;

        var first = resolver.ResolveAsync("example.com", ct);
        var second = resolver.ResolveAsync("example.com", ct);
        answer.SetResult([IPAddress.Parse("192.0.2.7")]);

        Assert.Equal((await first)[0], (await second)[0]);
        Assert.Equal(1, _lookups);
    }

    [Fact]
    public void ResolveAsync_ManyCallersAtOnce_StartOneLookupPerHost()
    {
        // Callers released together race into the cache: each host must still be looked up once. (The dictionary
        // may run its factory for several racers; only the entry it keeps may start a lookup.)
        var ct = TestContext.Current.CancellationToken;
        var resolver = new CachingResolver(Lookup, _time);
        const int Hosts = 200;
        const int Callers = 8;
        using var start = new Barrier(Callers);
        var threads = Enumerable.Range(0, Callers).Select(_ => new Thread(() =>
        {
            for (var h = 0; h < Hosts; h++)
            {
                start.SignalAndWait(ct);
                resolver.ResolveAsync($"host{h}.example", ct).GetAwaiter().GetResult();
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Equal(Hosts, _lookups);
    }

    [Fact]
    public async Task ResolveAsync_PastCapacity_DropsTheOldestHalf()
    {
        var resolver = new CachingResolver(Lookup, _time, capacity: 10);
        var ct = TestContext.Current.CancellationToken;
        for (var h = 0; h < 11; h++)
        {
            await resolver.ResolveAsync($"host{h}.example", ct);
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(5, resolver.Count);
        await resolver.ResolveAsync("host10.example", ct);
        await resolver.ResolveAsync("host0.example", ct);
        Assert.Equal(12, _lookups);
    }

    [Fact]
    public async Task ResolveAsync_Failure_RememberedBriefly()
    {
        var resolver = new CachingResolver((_, _) => { Interlocked.Increment(ref _lookups); return Task.FromException<IPAddress[]>(new System.Net.Sockets.SocketException(11001)); }, _time);
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(() => resolver.ResolveAsync("nope.example", ct));
        await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(() => resolver.ResolveAsync("nope.example", ct));
        _time.Advance(resolver.NegativeTtl);
        await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(() => resolver.ResolveAsync("nope.example", ct));

        Assert.Equal(2, _lookups);
    }
}
