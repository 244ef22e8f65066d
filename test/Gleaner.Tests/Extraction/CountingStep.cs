using Gleaner.Extraction;

namespace Gleaner.Tests.Extraction;

/// <summary>A step that passes its input through and counts its calls: did the chain get this far?</summary>
internal sealed class CountingStep : IExtractionStep
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public string Kind => "test";

    public string Expression => "counts";

    public string? Apply(string input)
    {
        Interlocked.Increment(ref _calls);
        return input;
    }
}
