using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Gleaner.Tests.Conformance;

/// <summary>One row of llhttp-tests/llhttp_cases.jsonl, with llhttp's verdict read from its event log.</summary>
internal sealed partial record LlhttpCase(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("meta")] Dictionary<string, JsonElement> Meta,
    [property: JsonPropertyName("input_b64")] string InputBase64,
    [property: JsonPropertyName("expected_log")] string[] ExpectedLog,
    [property: JsonPropertyName("expected_error")] LlhttpError? ExpectedError)
{
    private static readonly Lazy<IReadOnlyList<LlhttpCase>> All = new(() =>
        System.IO.File.ReadLines(Fixtures.Path("http-hostile", "llhttp-tests", "llhttp_cases.jsonl"))
            .Where(l => l.Length > 0)
            .Select((l, i) => JsonSerializer.Deserialize<LlhttpCase>(l)! with { Line = i + 1 })
            .ToList());

    /// <summary>Every case whose llhttp mode parses responses: response, response-lenient-*, response-finish.</summary>
    public static IReadOnlyList<LlhttpCase> Responses { get; } =
        All.Value.Where(c => c.Type.StartsWith("response", StringComparison.Ordinal)).ToList();

    /// <summary>The 1-based line of the case in llhttp_cases.jsonl: its stable id.</summary>
    public int Line { get; init; }

    public string Type => Meta.TryGetValue("type", out var t) ? t.GetString() ?? "" : "";

    public bool SkipBody => Meta.TryGetValue("skipBody", out var s) && s.ValueKind == JsonValueKind.True;

    public byte[] Input => Convert.FromBase64String(InputBase64);

    public string Name => $"llhttp {System.IO.Path.GetFileName(File)} #{Line}: {Title}{(Type == "response" ? "" : $" [{Type}]")}";

    /// <summary>What llhttp made of the first final (non-1xx) message in the input.</summary>
    public LlhttpMessage? FirstFinalMessage()
    {
        var input = Input;
        LlhttpMessage? current = null;
        foreach (var line in ExpectedLog)
        {
            if (HeadersComplete().Match(line) is { Success: true } h)
            {
                var status = int.Parse(h.Groups[1].Value, CultureInfo.InvariantCulture);
                var flags = int.Parse(h.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (status >= 200 || current is null)
                {
                    current = new LlhttpMessage(status, flags);
                }
            }
            else if (current is { Status: >= 200 } && BodySpan().Match(line) is { Success: true } b)
            {
                var offset = int.Parse(b.Groups[1].Value, CultureInfo.InvariantCulture);
                var length = int.Parse(b.Groups[2].Value, CultureInfo.InvariantCulture);
                current.Body.Write(input, offset, length);
            }
            else if (current is { Status: >= 200 } && line.EndsWith(" message complete", StringComparison.Ordinal))
            {
                current.Complete = true;
                return current;
            }
        }

        return current is { Status: >= 200 } ? current : null;
    }

    [GeneratedRegex(@"^off=\d+ headers complete status=(\d+) v=\d+/\d+ flags=([0-9a-f]+)")]
    private static partial Regex HeadersComplete();

    [GeneratedRegex(@"^off=(\d+) len=(\d+) span\[body\]")]
    private static partial Regex BodySpan();
}

internal sealed record LlhttpError(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("reason")] string Reason);

/// <summary>A message as llhttp's log shows it: status, llhttp's flags, body bytes, and whether it ended.</summary>
internal sealed class LlhttpMessage(int status, int flags)
{
    private const int Chunked = 0x08;
    private const int ContentLength = 0x20;

    public int Status { get; } = status;

    public MemoryStream Body { get; } = new();

    public bool Complete { get; set; }

    /// <summary>No Content-Length and no chunked: the body runs to the close, so a closed connection completes it.</summary>
    public bool EndsAtClose => (flags & (Chunked | ContentLength)) == 0 && Status is not (204 or 304);
}
