using Gleaner.Dashboard.Board;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Dashboard.Api;

/// <summary><c>GET /api/targets</c> (a filtered window of the overview) and <c>GET /api/targets/{name}</c>.</summary>
internal static class TargetsApi
{
    /// <summary>The outcome filter that takes every failure.</summary>
    public const string Failing = "failing";

    /// <summary>What the outcome counts call a target not sampled yet.</summary>
    public const string Pending = "pending";

    public static async Task ListAsync(HttpContext http, LiveBoard board)
    {
        var request = http.Request;
        var q = QueryValues.Text(request, "q");
        var host = QueryValues.Text(request, "host");
        var outcome = QueryValues.Text(request, "outcome");
        if (outcome is not null && outcome is not Failing and not Pending && !OutcomeNames.TryParse(outcome, out _))
        {
            throw new BadQueryException($"outcome: '{outcome}' is not ok, {Failing}, {Pending} or a failure name");
        }

        var offset = QueryValues.Integer(request, "offset", 0, 0, int.MaxValue);
        var limit = QueryValues.Integer(request, "limit", 100, 1, 1000);
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var page = new List<TargetRow>(Math.Min(limit, 1000));
        var total = 0;
        foreach (var row in board.Rows)
        {
            if ((q is not null && !row.Name.Contains(q, StringComparison.OrdinalIgnoreCase))
                || (host is not null && !string.Equals(row.Host, host, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var name = row.State.Outcome?.ToName() ?? Pending;
            counts[name] = counts.GetValueOrDefault(name) + 1;
            if (outcome is not null && outcome != name && !(outcome == Failing && name is not "ok" and not Pending))
            {
                continue;
            }

            if (total++ >= offset && page.Count < limit)
            {
                page.Add(row);
            }
        }

        await board.SeedAsync(page, http.RequestAborted);
        var items = page.Select(TargetItems.Overview).ToList();
        await JsonAnswers.WriteAsync(http, new TargetPage(total, offset, limit, counts, items), DashboardJson.Default.TargetPage);
    }

    public static async Task OneAsync(HttpContext http, LiveBoard board, string name)
    {
        if (board.Find(name) is not { } row)
        {
            await JsonAnswers.NotFoundAsync(http, name);
            return;
        }

        await board.SeedAsync([row], http.RequestAborted);
        await JsonAnswers.WriteAsync(http, TargetItems.Overview(row), DashboardJson.Default.TargetItem);
    }
}
