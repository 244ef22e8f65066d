using System.Text;
using Gleaner.Extraction;

namespace Gleaner.Tests.Extraction;

/// <summary>
/// An XPath evaluation stops when its token fires, whatever the expression: within the depth limit an expression
/// can cost the square of the document, and a run's deadline must end it there rather than when it is done.
/// </summary>
public class XPathCancellationTests
{
    // 512 KiB of nests 510 elements deep: count(//a[ancestor::a]) walks 510 ancestors for each of ~75,000
    // elements, seconds of CPU for System.Xml and far more for HtmlAgilityPack, where the rest of the step costs
    // a few hundred milliseconds.
    private const int Size = 512 << 10;

    private static string Nests(string name, int depth)
    {
        var nest = Repeat($"<{name}>", depth) + Repeat($"</{name}>", depth);
        return Repeat(nest, Size / nest.Length);
    }

    private static string Repeat(string s, int count) => new StringBuilder(s.Length * count).Insert(0, s, count).ToString();

    public static TheoryData<string, string> Quadratic() => new()
    {
        { "<?xml version=\"1.0\"?><r>" + Nests("a", 510) + "</r>", "count(//a[ancestor::a])" },
        { "<!DOCTYPE html><html><body>" + Nests("div", 509) + "<p>42</p>", "count(//div[ancestor::div])" },
    };

    [Theory]
    [MemberData(nameof(Quadratic))]
    public void Apply_QuadraticExpressionTokenFiresSoon_ThrowsOperationCanceled(string document, string xpath)
    {
        ICancellableStep step = new XPathStep(xpath);
        using var soon = new CancellationTokenSource();
        soon.CancelAfter(TimeSpan.FromMilliseconds(100));

        Assert.ThrowsAny<OperationCanceledException>(() => step.Apply(document, soon.Token));
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><r><temp_f>42</temp_f></r>", "//temp_f")]
    [InlineData("<!DOCTYPE html><html><body><p>42</p>", "//p")]
    [InlineData("<!DOCTYPE html><html><body><p>42</p>", "count(//p)")]
    public void Apply_TokenAlreadyCancelled_ThrowsOperationCanceled(string document, string xpath)
    {
        ICancellableStep step = new XPathStep(xpath);

        Assert.ThrowsAny<OperationCanceledException>(() => step.Apply(document, new CancellationToken(canceled: true)));
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><r><t>1</t><t>42</t></r>", "//t[preceding::t]", "42")]
    [InlineData("<?xml version=\"1.0\"?><r><t>1</t><t>42</t></r>", "count(//t | //t/..)", "3")]
    [InlineData("<!DOCTYPE html><html><body><div id=a><p>1</p></div><p>42</p>", "//p[not(ancestor::div)]", "42")]
    [InlineData("<!DOCTYPE html><html><body><p>1</p><p>42</p>", "(//p)[last()]", "42")]
    public void Apply_TokenThatNeverFires_GivesTheValue(string document, string xpath, string expected)
    {
        ICancellableStep step = new XPathStep(xpath);
        using var never = new CancellationTokenSource();

        Assert.Equal(expected, step.Apply(document, never.Token));
    }
}
