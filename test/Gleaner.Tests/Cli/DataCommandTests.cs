using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Tests.Cli;

/// <summary><c>gleaner get URL --data</c> and <c>-X</c> as a user runs them: what reaches the server, and usage errors before any fetch.</summary>
public sealed class DataCommandTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _received = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("gleaner-data-").FullName;
    private LoopbackServer _server = null!;

    public async ValueTask InitializeAsync() =>
        _server = await LoopbackServer.StartAsync(app => app.Map("/q", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            _received.Enqueue($"{request.Method} {request.ContentType} {await reader.ReadToEndAsync()}");
            return Results.Content("<p>45</p>", "text/html");
        }));

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Get_Data_PostsItAsAFormUnlessAContentTypeHeaderSaysOtherwise()
    {
        var form = await GleanerProcess.RunAsync("get", _server.Url("/q").ToString(), "--css", "p", "--data", "city=nyc");
        var json = await GleanerProcess.RunAsync("get", _server.Url("/q").ToString(), "--css", "p", "-d", "[1,2]", "-H", "Content-Type: application/json");
        var file = Path.Combine(_dir, "body.txt");
        await File.WriteAllTextAsync(file, "from a file\n", TestContext.Current.CancellationToken);
        var put = await GleanerProcess.RunAsync("get", _server.Url("/q").ToString(), "--css", "p", "-X", "put", "--data", "@" + file);

        Assert.Equal((0, "45\n", ""), (form.ExitCode, form.Stdout, form.Stderr));
        Assert.Equal((0, "45\n", ""), (json.ExitCode, json.Stdout, json.Stderr));
        Assert.Equal((0, "45\n", ""), (put.ExitCode, put.Stdout, put.Stderr));
        Assert.Equal(
            ["POST application/x-www-form-urlencoded city=nyc", "POST application/json [1,2]", "PUT application/x-www-form-urlencoded from a file\n"],
            _received);
    }

    [Theory]
    [InlineData(new[] { "-X", "HEAD" }, "usage: --method: HEAD is not a method Gleaner sends; use one of GET, POST, PUT, PATCH, DELETE")]
    [InlineData(new[] { "-X", "GET", "--data", "x=1" }, "usage: --data: a GET sends no body; leave out --method, or use one of POST, PUT, PATCH")]
    [InlineData(new[] { "-H", "Content-Type: text/plain" }, "usage: --header: the Content-Type header describes a request body, and this request sends none")]
    public async Task Get_BadRequestFlags_ExitTwoBeforeFetching(string[] flags, string stderr)
    {
        var run = await GleanerProcess.RunAsync(["get", _server.Url("/q").ToString(), .. flags]);

        Assert.Equal((2, "", stderr + "\n"), (run.ExitCode, run.Stdout, run.Stderr));
        Assert.Empty(_received);
    }
}
