using System.CommandLine;
using Gleaner.Cli.Stores;

namespace Gleaner.Cli.History;

/// <summary>The flags <c>history</c> and <c>export</c> share: the store, <c>--since</c> and <c>--format</c>, and how a store is opened for them.</summary>
internal sealed class StoreFlags
{
    public StoreFlags(string defaultFormat, params string[] formats)
    {
        Format = new Option<string>("--format") { Description = "How each sample is printed, one line each", DefaultValueFactory = _ => defaultFormat };
        Format.AcceptOnlyFromAmong(formats);
    }

    public Option<string> Store { get; } = new("--store") { Description = "The sample store a watch writes (FILE.db), or a cluster's PostgreSQL store (a connection string); it is only read", Required = true };

    public Option<string?> Since { get; } = new("--since") { Description = "Only samples due since then: a duration back from now (24h, 7d) or a time (2026-12-04T10:00:00Z); default: all" };

    public Option<string> Format { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Store);
        command.Options.Add(Since);
        command.Options.Add(Format);
    }

    public SampleFormat ReadFormat(ParseResult parsed) => Enum.Parse<SampleFormat>(parsed.GetValue(Format)!, ignoreCase: true);

    /// <summary>The <c>--since</c> time, null for all; false (with the problem printed) when it is neither a duration nor a time.</summary>
    public bool TryReadSince(ParseResult parsed, DateTimeOffset now, TextWriter error, out DateTimeOffset? since)
    {
        since = null;
        if (parsed.GetValue(Since) is not { } text)
        {
            return true;
        }

        since = History.Since.Parse(text, now, out var problem);
        if (problem is not null)
        {
            error.WriteLine(DisplayText.Escape($"usage: {problem}"));
            return false;
        }

        return true;
    }

    /// <summary>The store <c>--store</c> names.</summary>
    public StoreArgument ReadStore(ParseResult parsed) => new(parsed.GetValue(Store)!);
}
