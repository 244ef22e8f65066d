using System.Text;

namespace Gleaner.Fetching;

/// <summary>
/// What a POST, PUT or PATCH sends: the bytes as they go on the wire and their media type. Made once (a job file's
/// body is read and serialized at load) and sent as is by every attempt. Never printed: it may hold a secret.
/// </summary>
public sealed class RequestBody
{
    /// <summary>A body of <paramref name="content"/>, sent with Content-Type <paramref name="mediaType"/> unless the target sends its own.</summary>
    /// <exception cref="ArgumentException">The media type is empty or holds a line break.</exception>
    public RequestBody(ReadOnlyMemory<byte> content, string mediaType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaType);
        if (mediaType.AsSpan().ContainsAnyExceptInRange(' ', '~'))
        {
            throw new ArgumentException("a media type is visible ASCII, such as application/json", nameof(mediaType));
        }

        Content = content;
        MediaType = mediaType;
    }

    /// <summary>The bytes sent.</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>The Content-Type sent with it (a target's own Content-Type header replaces it).</summary>
    public string MediaType { get; }

    /// <summary>True when part of it came from the environment: it is then not resent to another origin by a 307 or 308.</summary>
    public bool Secret { get; init; }

    /// <summary><paramref name="text"/> as UTF-8.</summary>
    public static RequestBody Text(string text, string mediaType)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new RequestBody(Encoding.UTF8.GetBytes(text), mediaType);
    }

    /// <summary>The media type and size, never the content.</summary>
    public override string ToString() => $"{MediaType}, {Content.Length} bytes";
}
