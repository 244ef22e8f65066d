using System.Net;

namespace Gleaner.Dashboard;

/// <summary>Where the dashboard listens and who may read it; validated once by <see cref="Problems"/>.</summary>
internal sealed record DashboardOptions
{
    /// <summary>The port when none is given.</summary>
    public const int DefaultPort = 5080;

    /// <summary>The shortest access token taken: 16 characters, about 80 bits when random.</summary>
    public const int MinTokenLength = 16;

    /// <summary>The address to listen on: loopback unless the operator says otherwise.</summary>
    public IPAddress Bind { get; init; } = IPAddress.Loopback;

    /// <summary>The port; 0 takes any free one.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>The access token every request must carry; null for none (loopback only).</summary>
    public string? Token { get; init; }

    /// <summary>Where the token came from, for messages (e.g. <c>$GLEANER_TOKEN</c>).</summary>
    public string TokenSource { get; init; } = "the token";

    /// <summary>Event streams open at once; the next is refused with 503.</summary>
    public int MaxEventStreams { get; init; } = 32;

    /// <summary>The most samples one answer of <c>/api/targets/{name}/samples</c> carries (about 350 bytes of JSON each).</summary>
    public int MaxSamples { get; init; } = 200_000;

    /// <summary>The clock (tests move a fake one).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Every reason these options cannot serve, each a sentence that says what to do; empty when they can.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Port is < 0 or > 65535)
        {
            problems.Add($"--port {Port}: expected 0 (any free port) to 65535");
        }

        if (Token is null && !IPAddress.IsLoopback(Bind))
        {
            problems.Add($"--bind {Bind}: anyone who can reach that address could read the dashboard; give it an access token " +
                "with --token-env NAME (an environment variable holding 16 characters or more), or bind to 127.0.0.1");
        }

        if (Token is not null && Token.Length < MinTokenLength)
        {
            problems.Add($"{TokenSource} is {Token.Length} characters long; an access token needs {MinTokenLength} or more");
        }

        if (MaxSamples < 1)
        {
            problems.Add("at least one sample per answer must be allowed");
        }

        if (MaxEventStreams < 1)
        {
            problems.Add("at least one event stream must be allowed");
        }

        return problems;
    }
}
