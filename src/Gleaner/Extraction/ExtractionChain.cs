using System.Buffers;
using System.Collections.ObjectModel;

namespace Gleaner.Extraction;

/// <summary>
/// An ordered, immutable list of steps: each step's output is the next step's input, and a step that finds
/// nothing ends the chain with no match.
/// </summary>
/// <remarks>
/// <para>
/// Entity rule: when the <em>first</em> step is a <see cref="RegexStep"/> and the document is HTML (its root
/// element is <c>&lt;html&gt;</c> or it opens with an HTML doctype), the regex runs on
/// <see cref="HtmlText.Decode(string)"/> of the page, so <c>(\d+(?:\.\d+)?)°F</c> matches a page that says
/// <c>66.9&amp;deg;F</c>, as a person reading the page would expect. The markup itself stays, so patterns may
/// still anchor on tags and attributes. Later steps need no such rule: CSS and XPath steps already hand on
/// decoded text, and JSON and XML values are not HTML.
/// </para>
/// <para>A chain holds only compiled, immutable steps and is safe to share between threads.</para>
/// </remarks>
public sealed class ExtractionChain
{
    private ExtractionChain(IExtractionStep[] steps) => Steps = new ReadOnlyCollection<IExtractionStep>(steps);

    /// <summary>The steps, in the order they run.</summary>
    public IReadOnlyList<IExtractionStep> Steps { get; }

    /// <summary>Builds a chain from one or more steps.</summary>
    /// <exception cref="ArgumentException">No steps were given, or one of them is null.</exception>
    public static ExtractionChain Of(params IExtractionStep[] steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Length == 0)
        {
            throw new ArgumentException("An extraction chain needs at least one step.", nameof(steps));
        }

        if (Array.IndexOf(steps, null) is var missing and >= 0)
        {
            throw new ArgumentException($"Step {missing} of the extraction chain is null.", nameof(steps));
        }

        // A copy, so the caller's array cannot change the chain afterwards.
        return new ExtractionChain([.. steps]);
    }

    /// <summary>Runs the steps over <paramref name="document"/>; returns the last step's value, or null for no match.</summary>
    /// <exception cref="DocumentLimitException">A structural step met a document it will not follow: too deep, or too much to parse.</exception>
    public string? Apply(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (Steps[0] is not RegexStep)
        {
            return Run(document, 0);
        }

        // A run's path, from a copy of the page's characters: one way to apply the entity rule and the first regex.
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(1, document.Length));
        try
        {
            document.CopyTo(buffer);
            return ApplyPrepared(Prepare(buffer.AsSpan(0, document.Length)));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Starts the chain on a page's characters (lent, and changed where they lie), so a page need not become a
    /// string: a first regex step runs right here, on the text the entity rule gives (decoded in place), and the
    /// result is its value, null for none; any other first step gets the page as one string. Pass the result to
    /// <see cref="ApplyPrepared"/> for the value <see cref="Apply"/> would give.
    /// </summary>
    internal string? Prepare(Span<char> page)
    {
        if (Steps[0] is not RegexStep first)
        {
            return new string(page);
        }

        var text = DocumentSniffer.Sniff(page) == DocumentKind.Html ? page[..HtmlText.DecodeInPlace(page)] : page;
        return first.ValueOf(first.Evaluate(text));
    }

    /// <summary>
    /// Runs the rest of the steps over what <see cref="Prepare"/> made. Once <paramref name="cancellationToken"/>
    /// fires (a run's deadline), the chain stops before its next step, and a parser that can stop part-way stops
    /// there: <see cref="OperationCanceledException"/>.
    /// </summary>
    internal string? ApplyPrepared(string? prepared, CancellationToken cancellationToken = default) =>
        Run(prepared, FirstAfterPrepare, cancellationToken);

    /// <summary>True when <see cref="ApplyPrepared"/> has steps to run; false when <see cref="Prepare"/> made the value.</summary>
    internal bool HasStepsAfterPrepare => FirstAfterPrepare < Steps.Count;

    private int FirstAfterPrepare => Steps[0] is RegexStep ? 1 : 0;

    private string? Run(string? value, int from, CancellationToken cancellationToken = default)
    {
        for (var i = from; i < Steps.Count && value is not null; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            value = Steps[i] is ICancellableStep step ? step.Apply(value, cancellationToken) : Steps[i].Apply(value);
        }

        return value;
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(" | ", Steps);
}
