using Gleaner.Dashboard.Board;
using Gleaner.Storage.Samples;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Dashboard.Api;

/// <summary><c>GET /api/events?target=&amp;from=&amp;to=&amp;limit=</c>: changes, failures and recoveries, newest first.</summary>
internal static class EventsApi
{
    private static readonly TimeSpan DefaultRange = TimeSpan.FromDays(7);

    public static async Task ListAsync(HttpContext http, LiveBoard board, TimeProvider time)
    {
        var target = QueryValues.Text(http.Request, "target");
        var to = QueryValues.Time(http.Request, "to") ?? time.GetUtcNow();
        var from = QueryValues.Time(http.Request, "from") ?? to - DefaultRange;
        var limit = QueryValues.Integer(http.Request, "limit", 500, 1, 5000);
        if (from > to)
        {
            throw new BadQueryException("from: is after to");
        }

        var latest = await board.Store.ReadLatestEventsAsync(target, from, to, limit, http.RequestAborted);
        var events = latest.Select(e => new EventItem
        {
            Target = e.Target,
            At = e.At,
            Kind = EventKindNames.ToName(e.Kind),
            From = e.From,
            To = e.To,
            Outcome = e.Outcome.ToName(),
            Message = e.Message,
            FailuresInARow = e.FailuresInARow,
        }).ToList();
        await JsonAnswers.WriteAsync(http, new EventsPage(events), DashboardJson.Default.EventsPage);
    }
}
