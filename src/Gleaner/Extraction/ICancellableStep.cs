namespace Gleaner.Extraction;

/// <summary>A step whose parser can stop part-way when a run's deadline passes.</summary>
internal interface ICancellableStep
{
    /// <summary>As <see cref="IExtractionStep.Apply"/>; throws <see cref="OperationCanceledException"/> once the token fires.</summary>
    string? Apply(string input, CancellationToken cancellationToken);
}
