namespace Gleaner.Tests.Conformance;

/// <summary>
/// What a careful client must end with for one replayed reply: one of <see cref="Outcomes"/> (usually exactly one),
/// and when ok is among them and the case states the body, exactly <see cref="Body"/>.
/// </summary>
internal sealed record Expectation(IReadOnlyList<Outcome> Outcomes, string Rule)
{
    /// <summary>The decoded body bytes a correct client delivers, when the case states them.</summary>
    public byte[]? Body { get; init; }

    /// <summary>The charset the response declares, for turning <see cref="Body"/> into text.</summary>
    public string? Charset { get; init; }

    public static Expectation Of(Outcome outcome, string rule) => new([outcome], rule);

    public override string ToString() => $"{string.Join(" or ", Outcomes.Select(o => o.ToName()))} ({Rule})";
}
