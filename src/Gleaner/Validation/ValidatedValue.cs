namespace Gleaner.Validation;

/// <summary>
/// The outcome of validating one extracted value: the typed value (<see cref="double"/>, <see cref="long"/>,
/// <see cref="string"/>, <see cref="bool"/> or <see cref="DateTimeOffset"/>), or a one-line problem naming the rule.
/// </summary>
internal readonly record struct ValidatedValue
{
    private ValidatedValue(object? value, string? problem)
    {
        Value = value;
        Problem = problem;
    }

    /// <summary>True when the value passed every rule.</summary>
    public bool IsValid => Value is not null;

    /// <summary>The typed value when valid, otherwise null.</summary>
    public object? Value { get; }

    /// <summary>Why the value was rejected, e.g. <c>61.5 is above max 60</c>; null when valid.</summary>
    public string? Problem { get; }

    /// <summary>A value that passed.</summary>
    public static ValidatedValue Valid(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value, null);
    }

    /// <summary>A value that was rejected for <paramref name="problem"/>.</summary>
    public static ValidatedValue Invalid(string problem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(problem);
        return new(null, problem);
    }
}
