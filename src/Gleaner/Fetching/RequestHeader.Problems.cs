using System.Buffers;

namespace Gleaner.Fetching;

/// <summary>What a target may not send: the one check, shared by the fetch and the job reader.</summary>
public sealed partial record RequestHeader
{
    // RFC 9110 §5.6.2: a field name is a token.
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    // Each would end the field and start one of the value's making (CR, LF), or cut it short (NUL).
    private static readonly SearchValues<char> LineBreaks = SearchValues.Create("\r\n\0");

    private static readonly SearchValues<char> Visible = SearchValues.Create(
        "\t !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private const string Framing = "Gleaner frames each request and manages its connections";

    // The fields Gleaner owns, with why; a target's own would break the framing, the decoding or the conditional GET.
    private static readonly Dictionary<string, string> Owned = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Host"] = "Gleaner sends the host of the URL it fetches",
        ["Content-Length"] = Framing,
        ["Transfer-Encoding"] = Framing,
        ["Connection"] = Framing,
        ["Keep-Alive"] = Framing,
        ["Upgrade"] = Framing,
        ["TE"] = Framing,
        ["Trailer"] = Framing,
        ["Proxy-Connection"] = Framing,
        // A target's own would ride through a proxy's tunnel to the target, whom it does not concern.
        ["Proxy-Authorization"] = "a proxy's credentials go in its URL (user:password@, the password as ${NAME}), and only to the proxy",
        ["Accept-Encoding"] = "Gleaner asks only for the encodings it decodes",
        ["If-None-Match"] = "conditional requests are Gleaner's",
        ["If-Modified-Since"] = "conditional requests are Gleaner's",
    };

    // Fields of a body (.NET's content headers): a request without one has nothing for them to describe.
    private static readonly HashSet<string> BodyFields = new(
        ["Allow", "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Location", "Content-MD5",
            "Content-Range", "Content-Type", "Expires", "Last-Modified"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Every reason <paramref name="headers"/> cannot be sent, one sentence each (empty when they all can): a field
    /// Gleaner owns, a name that is not an RFC 9110 token, a value with a line break or NUL. A value is never quoted.
    /// </summary>
    public static IReadOnlyList<string> Problems(IEnumerable<RequestHeader> headers) => Problems(headers, withBody: false);

    /// <summary>As <see cref="Problems(IEnumerable{RequestHeader})"/>; <paramref name="withBody"/> allows the fields that describe a body (Content-Type).</summary>
    internal static IReadOnlyList<string> Problems(IEnumerable<RequestHeader> headers, bool withBody)
    {
        ArgumentNullException.ThrowIfNull(headers);
        List<string>? problems = null;
        foreach (var header in headers)
        {
            if (ProblemOf(header, withBody) is { } problem)
            {
                (problems ??= []).Add(problem);
            }
        }

        return (IReadOnlyList<string>?)problems ?? [];
    }

    /// <summary>Throws when any of <paramref name="headers"/> cannot be sent, naming every problem; allocates nothing when none.</summary>
    /// <exception cref="ArgumentException">A header Gleaner owns, a name that is not a token, or a value with CR, LF or NUL.</exception>
    internal static void ThrowIfUnsendable(IReadOnlyList<RequestHeader> headers, bool withBody, string paramName)
    {
        for (var i = 0; i < headers.Count; i++)
        {
            if (ProblemOf(headers[i], withBody) is not null)
            {
                throw new ArgumentException(string.Join("; ", Problems(headers, withBody)), paramName);
            }
        }
    }

    private static string? ProblemOf(RequestHeader? header, bool withBody)
    {
        if (header is null)
        {
            return "a header is null";
        }

        var name = header.Name;
        if (name is null || name.Length == 0 || name.AsSpan().ContainsAnyExcept(TokenChars))
        {
            return $"'{DisplayText.Escape(name ?? "")}' is not a header name: a name is letters, digits and !#$%&'*+-.^_`|~ (RFC 9110)";
        }

        if (Owned.TryGetValue(name, out var why))
        {
            return $"the {name} header cannot be set: {why}";
        }

        if (!withBody && BodyFields.Contains(name))
        {
            return $"the {name} header describes a request body, and this request sends none";
        }

        // The value is never quoted: it may be a secret.
        var value = header.Value.AsSpan();
        if (header.Value is null || value.ContainsAny(LineBreaks))
        {
            return $"the value of the {name} header holds a line break or NUL";
        }

        // RFC 9110 §5.5 allows visible characters, spaces and tabs; the handler sends ASCII only and refuses the rest.
        if (value.ContainsAnyExceptInRange(' ', '~') && value.IndexOfAnyExcept(Visible) >= 0)
        {
            return $"the value of the {name} header holds a control character or one outside ASCII";
        }

        return null;
    }
}
