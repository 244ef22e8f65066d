using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Tests.Cli;

/// <summary>
/// A loopback page (<c>/t</c>, <c>&lt;p&gt;45&lt;/p&gt;</c>) that keeps the headers of every request it gets, and a
/// temporary folder for a test's files: what the CLI tests of request features check the wire against.
/// </summary>
internal sealed class RecordingSite : IAsyncDisposable
{
    private RecordingSite(string dir) => Dir = dir;

    /// <summary>The headers of each request, in order.</summary>
    public ConcurrentQueue<IHeaderDictionary> Received { get; } = new();

    /// <summary>A folder of the test's own, deleted with the site.</summary>
    public string Dir { get; }

    public LoopbackServer Server { get; private set; } = null!;

    public static async Task<RecordingSite> StartAsync(string folderPrefix)
    {
        var site = new RecordingSite(Directory.CreateTempSubdirectory(folderPrefix).FullName);
        site.Server = await LoopbackServer.StartAsync(app => app.MapGet("/t", (HttpRequest request) =>
        {
            site.Received.Enqueue(new HeaderDictionary(request.Headers.ToDictionary(h => h.Key, h => h.Value)));
            return Results.Content("<p>45</p>", "text/html");
        }));
        return site;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(Dir, recursive: true);
    }
}
