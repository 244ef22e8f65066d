using Gleaner.Jobs;

namespace Gleaner.Tests.Fuzz;

/// <summary>URL lists, generated and mutated from the WPT URL cases and the documented lists: URLs or located errors.</summary>
public class UrlListFuzzTests
{
    private const string FileName = "urls.txt";

    [Fact]
    public void Parse_GeneratedAndMutatedLists_GiveUrlsOrLocatedErrors() =>
        FuzzAssert.Holds(
            "URL list",
            casesInCi: 1500,
            FuzzInputs.Mixed(UrlListGenerator.List, [.. FuzzCorpus.UrlLists.Value, .. FuzzCorpus.Urls.Value], UrlListGenerator.Tokens, noiseLength: 400),
            Parse);

    private static Verdict Parse(string text)
    {
        try
        {
            var urls = UrlListParser.Parse(text, FileName);
            var lines = LocatedErrors.Lines(text, yaml: false);
            return urls.Count > 0 && urls.All(u => u.Line >= 1 && u.Line <= lines && u.Url.IsAbsoluteUri)
                ? Verdict.Accept
                : Verdict.Break("URLs without a line in the list", string.Join(", ", urls.Select(u => u.Line)));
        }
        catch (JobFileException e)
        {
            return LocatedErrors.Check(e, FileName, text, LocatedErrors.Lines(text, yaml: false));
        }
    }
}
