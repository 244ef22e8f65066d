using Microsoft.Playwright;

namespace Gleaner.Tests.Dashboard.Browser;

/// <summary>
/// What a page did that a user would not see at a glance: console errors (Chromium reports a CSP violation as one),
/// uncaught exceptions, dialogs (an injected <c>alert(1)</c> would open one; each is dismissed and kept), every
/// request it made and every document it loaded.
/// </summary>
public sealed class PageWitness : IAsyncDisposable
{
    private readonly List<string> _errors = [];
    private readonly List<string> _dialogs = [];
    private readonly List<string> _requests = [];
    private int _documents;

    private PageWitness(IPage page)
    {
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>Console errors and uncaught exceptions, in order.</summary>
    public IReadOnlyList<string> Errors => Copy(_errors);

    /// <summary>The message of every dialog the page opened.</summary>
    public IReadOnlyList<string> Dialogs => Copy(_dialogs);

    /// <summary>The URL of every request the page made.</summary>
    public IReadOnlyList<string> Requests => Copy(_requests);

    /// <summary>How many documents the main frame loaded: 1 while nothing reloaded or navigated.</summary>
    public int Documents => Volatile.Read(ref _documents);

    /// <summary>Opens a page in <paramref name="context"/> with every listener attached before it loads anything.</summary>
    public static async Task<PageWitness> OpenAsync(IBrowserContext context)
    {
        var witness = new PageWitness(await context.NewPageAsync());
        witness.Page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                witness.Add(witness._errors, $"console: {message.Text} ({message.Location})");
            }
        };
        witness.Page.PageError += (_, error) => witness.Add(witness._errors, $"uncaught: {error}");
        witness.Page.Dialog += (_, dialog) =>
        {
            witness.Add(witness._dialogs, $"{dialog.Type}: {dialog.Message}");
            _ = dialog.DismissAsync();
        };
        witness.Page.Request += (_, request) =>
        {
            witness.Add(witness._requests, request.Url);
            if (request.IsNavigationRequest && request.Frame == witness.Page.MainFrame)
            {
                Interlocked.Increment(ref witness._documents);
            }
        };
        return witness;
    }

    /// <summary>Asserts that the page logged no error, threw nothing and opened no dialog.</summary>
    public void AssertClean()
    {
        Assert.Equal([], Errors);
        Assert.Equal([], Dialogs);
    }

    /// <summary>Closes the page (and its event stream).</summary>
    public async ValueTask DisposeAsync() => await Page.CloseAsync();

    private void Add(List<string> list, string entry)
    {
        lock (list)
        {
            list.Add(entry);
        }
    }

    private static List<string> Copy(List<string> list)
    {
        lock (list)
        {
            return [.. list];
        }
    }
}
