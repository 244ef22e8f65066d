namespace Gleaner.Tests.Fuzz;

/// <summary>
/// What a parser did with one input: accepted it, refused it as documented, or broke a promise. A broken promise
/// names the promise (which stays the same while shrinking) and the detail of this input.
/// </summary>
internal readonly record struct Verdict(bool Accepted, string? Broken, string? Detail)
{
    public static Verdict Accept { get; } = new(true, null, null);

    public static Verdict Refuse { get; } = new(false, null, null);

    public static Verdict Break(string promise, string detail) => new(false, promise, detail);
}
