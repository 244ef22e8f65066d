using Gleaner.Fetching;

namespace Gleaner.Jobs;

/// <summary>The request keys of one scope (defaults or a target) as read, each with where it was written, before a target merges them.</summary>
internal sealed class RequestDraft
{
    public HttpMethod? Method { get; set; }

    /// <summary>The body's bytes, serialized at load; its media type is settled when the target is merged.</summary>
    public byte[]? Body { get; set; }

    public bool BodyIsJson { get; set; }

    public bool BodySecret { get; set; }

    public JobNode? BodyAt { get; set; }

    public string? ContentType { get; set; }

    public JobNode? ContentTypeAt { get; set; }

    public bool? Idempotent { get; set; }

    /// <summary>The Authorization header <c>auth</c> makes, with where it was written.</summary>
    public RequestHeader? Auth { get; set; }

    public JobNode? AuthAt { get; set; }
}
