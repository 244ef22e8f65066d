using Gleaner.Watching;
using Gleaner.Watching.Notifications;

namespace Gleaner.Tests.Watching.Notifications;

/// <summary>Which samples a rule tells about: changes, a failure once per streak at its Nth, a recovery only after one.</summary>
public class NotifyEventsTests
{
    private static readonly Uri Hook = new("http://127.0.0.1:9/hook");

    [Theory]
    // f: a failed sample, o: ok and unchanged, c: ok and changed. Events: F failure, R recovery, C change, -: none.
    [InlineData(1, "fffo", "F--R")]
    [InlineData(3, "fffffoffo", "--F--R---")]
    [InlineData(3, "ffoffoff", "--------")]
    [InlineData(2, "cfcffcc", "C-C-FCRC")]
    public void For_SamplesInTurn_SendsAFailureAtExactlyTheNthInARowAndARecoveryOnlyAfterIt(int failuresInARow, string samples, string expected)
    {
        var rule = new NotifyRule { Url = Hook, FailuresInARow = failuresInARow };

        Assert.Equal(expected, Run(rule, samples));
    }

    [Fact]
    public void For_RuleWithoutAKind_NeverSendsIt()
    {
        var changesOnly = new NotifyRule { Url = Hook, On = NotifyOn.Change };
        var failuresOnly = new NotifyRule { Url = Hook, On = NotifyOn.Failure | NotifyOn.Recovery };

        Assert.Equal("C-C", Run(changesOnly, "cfc"));
        Assert.Equal("-FR", Run(failuresOnly, "cfc"));
    }

    [Fact]
    public void For_Failure_CarriesTheLastValueTheMessageAndTheStreak()
    {
        var rule = new NotifyRule { Url = Hook, FailuresInARow = 2 };

        var e = Assert.Single(NotifyEvents.For(rule, Watched.Failed("HTTP 503 Service Unavailable"), Watched.State("66.9", 1), Watched.State("66.9", 2)));

        Assert.Equal(
            new WatchEvent
            {
                Target = "nyc", At = Watched.Finished, Kind = WatchEventKind.Failure, From = "66.9", To = null,
                Outcome = Outcome.HttpStatus, Message = "HTTP 503 Service Unavailable", FailuresInARow = 2,
            },
            e);
    }

    private static string Run(NotifyRule rule, string samples)
    {
        var state = Watched.State("1", 0);
        var told = "";
        foreach (var (s, i) in samples.Select((s, i) => (s, i)))
        {
            var value = (i + 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var sample = s == 'f' ? Watched.Failed("down") : Watched.Ok(s == 'c' ? value : state.Value!, changed: s == 'c');
            var after = s == 'f'
                ? state with { FailuresInARow = state.FailuresInARow + 1 }
                : state with { Value = sample.Value, FailuresInARow = 0 };
            var kinds = NotifyEvents.For(rule, sample, state, after).Select(e => e.Kind switch
            {
                WatchEventKind.Change => 'C',
                WatchEventKind.Failure => 'F',
                _ => 'R',
            });
            told += kinds.Any() ? string.Concat(kinds) : "-";
            state = after;
        }

        return told;
    }
}
