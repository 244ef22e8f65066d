using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Tests.Watching.Notifications;

/// <summary>A webhook on loopback that records every POST and answers each as scripted (204 once the script is done).</summary>
internal sealed class NotifyEndpoint : IAsyncDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ConcurrentQueue<Func<HttpContext, Task<IResult>>> _answers = new();
    private readonly ConcurrentQueue<Received> _all = new();
    private readonly Channel<Received> _arrivals = Channel.CreateUnbounded<Received>();
    private LoopbackServer _server = null!;

    public Uri Url => _server.Url("hook");

    public IReadOnlyCollection<Received> All => _all;

    public static async Task<NotifyEndpoint> StartAsync()
    {
        var endpoint = new NotifyEndpoint();
        endpoint._server = await LoopbackServer.StartAsync(app => app.MapPost("/hook", (Delegate)((HttpContext c) => endpoint.AnswerAsync(c))));
        return endpoint;
    }

    /// <summary>Answers the next request not yet scripted with <paramref name="answer"/>.</summary>
    public NotifyEndpoint Then(Func<HttpContext, Task<IResult>> answer)
    {
        _answers.Enqueue(answer);
        return this;
    }

    public NotifyEndpoint ThenStatus(int status) => Then(_ => Task.FromResult(Results.StatusCode(status)));

    /// <summary>Holds the next request until <paramref name="gate"/> opens (or the client gives up), then answers 204.</summary>
    public NotifyEndpoint ThenHold(TaskCompletionSource gate) => Then(async c =>
    {
        await gate.Task.WaitAsync(c.RequestAborted);
        return Results.NoContent();
    });

    /// <summary>The next request to arrive (in arrival order); one that never comes fails the test rather than hang it.</summary>
    public async Task<Received> NextAsync() =>
        await _arrivals.Reader.ReadAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task<IResult> AnswerAsync(HttpContext c)
    {
        using var reader = new StreamReader(c.Request.Body);
        var received = new Received(
            c.Request.Headers.Authorization.FirstOrDefault(), c.Request.Headers.UserAgent.ToString(), c.Request.ContentType,
            await reader.ReadToEndAsync(c.RequestAborted));
        _all.Enqueue(received);
        _arrivals.Writer.TryWrite(received);
        return _answers.TryDequeue(out var answer) ? await answer(c) : Results.NoContent();
    }

    internal sealed record Received(string? Authorization, string UserAgent, string? ContentType, string Body);
}
