using System.CommandLine;
using Gleaner.Cli.Options;
using Gleaner.Records;
using Gleaner.Extraction;
using Gleaner.Fetching;
using Gleaner.Fetching.Addresses;
using Gleaner.Targets;

namespace Gleaner.Cli.Commands;

/// <summary><c>gleaner get URL</c>: one page, one value, every failure named.</summary>
internal static class GetCommand
{
    public static Command Create()
    {
        var url = new Argument<string>("URL") { Description = "The http or https URL to fetch" };
        var format = new Option<string>("--format") { Description = "text (the value alone) or json (one object)", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var rules = new RuleOptions();
        var limits = new LimitOptions();
        var headers = new HeaderOptions();
        var request = new RequestOptions();
        var connection = new ConnectionOptions();
        var proxy = new ProxyOptions();
        var command = new Command("get", "Fetch one URL and print the value extracted from it.") { url, format };
        rules.AddTo(command);
        limits.AddTo(command);
        headers.AddTo(command);
        request.AddTo(command);
        connection.AddTo(command);
        proxy.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            Target target;
            try
            {
                var text = parsed.GetValue(url)!;
                if (!TargetUrl.TryParse(text, out var uri, out var problem))
                {
                    throw new ArgumentException(problem);
                }

                var (chain, spec) = rules.Build(parsed);
                var problems = new FlagProblems();
                var (method, body) = request.Read(parsed, problems);
                var sent = headers.Read(parsed, problems);
                if (problems.Count == 0)
                {
                    // Here, not at the fetch: a Host header, or a Content-Type without --data, is a usage error.
                    foreach (var unsendable in RequestHeader.Problems(sent, withBody: body is not null))
                    {
                        problems.Add($"--header: {unsendable}");
                    }
                }

                if (problems.First is { } first)
                {
                    throw first;
                }

                target = new Target
                {
                    Name = text,
                    Url = uri!,
                    Extract = chain,
                    Value = spec,
                    Limits = limits.Build(parsed, FetchLimits.Default),
                    Headers = sent,
                    Method = method,
                    Body = body,
                    Connection = connection.Build(parsed) with { Proxy = Build(proxy, parsed).Proxy },
                };
            }
            catch (Exception e) when (e is ArgumentException or RuleException)
            {
                Console.Error.WriteLine(DisplayText.Escape($"usage: {e.Message}"));
                return ExitCodes.Usage;
            }

            connection.Warn(parsed, Console.Error);
            using var fetcher = new Fetcher();
            using var interrupt = Interrupt.Listen("", cancellationToken);
            TargetResult result;
            try
            {
                result = await new TargetRunner(fetcher).RunAsync(target, interrupt.Token);
            }
            catch (OperationCanceledException) when (interrupt.Requested)
            {
                result = TargetResult.NotFetched(target, Outcome.Cancelled, "interrupted before the fetch finished", DateTimeOffset.UtcNow);
            }

            if (parsed.GetValue(format) == "json")
            {
                Console.Out.WriteLine(ResultJson.Write(result));
            }
            else if (result.Outcome == Outcome.Ok)
            {
                Console.Out.WriteLine(DisplayText.Escape(ResultJson.FormatValue(result.Value)));
            }

            if (result.Outcome != Outcome.Ok)
            {
                // The error quotes what the server sent (a reason phrase, a Location, a value).
                Console.Error.WriteLine(DisplayText.Escape($"{result.Outcome.ToName()}: {result.Error} ({target.Url})"));
            }

            return interrupt.Requested ? interrupt.ExitCode : ExitCodes.For(result.Outcome);
        });
        return command;
    }

    private static ConnectionSettings Build(ProxyOptions proxy, ParseResult parsed)
    {
        var problems = new FlagProblems();
        var settings = proxy.Read(parsed, problems);
        return problems.First is { } first ? throw first : settings;
    }
}
