using System.Net.Http.Headers;
using System.Text;
using Gleaner.Fetching;

namespace Gleaner.Jobs;

/// <summary>
/// Reads how a target asks, under <c>defaults</c> and in a target: <c>method</c>, <c>body</c> (text, or
/// <c>{ json: … }</c> written as JSON at load), <c>content_type</c>, <c>idempotent</c> and <c>auth</c>; then merges
/// a target's over the defaults. <c>${NAME}</c> in a body is filled from the environment and makes it secret. No
/// message quotes a body or a credential.
/// </summary>
internal sealed class RequestReader(JobErrors errors, Func<string, string?> environment)
{
    /// <summary>The keys this reader owns, in defaults and in a target alike.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["method", "body", "content_type", "idempotent", "auth"];

    private const string TextMediaType = "text/plain; charset=utf-8";
    private const string JsonMediaType = "application/json";
    private const string BodyForms = "text, or { json: <a mapping or list> }";

    /// <summary>What <c>defaults</c> says; every target starts from it.</summary>
    public RequestDraft Defaults { get; } = new();

    /// <summary>Reads one of <see cref="Keys"/> into <paramref name="draft"/>.</summary>
    public void Read(JobScalar key, JobNode value, RequestDraft draft)
    {
        switch (key.Value)
        {
            case "method":
                ReadMethod(value, draft);
                break;
            case "body":
                ReadBody(value, draft);
                break;
            case "content_type":
                ReadContentType(value, draft);
                break;
            case "idempotent":
                draft.Idempotent = ScalarReader.TryBoolean(value, "idempotent", errors, out var idempotent) ? idempotent : null;
                break;
            case "auth":
                draft.Auth = new AuthReader(errors, environment).Read(value);
                draft.AuthAt = key;
                break;
        }
    }

    /// <summary>
    /// Ends a scope: its <c>auth</c> joins <paramref name="headers"/> as the Authorization header, unless the scope's
    /// headers set one too, which is an error at <c>auth</c>.
    /// </summary>
    public void AddAuth(RequestDraft draft, List<RequestHeader> headers)
    {
        if (draft.Auth is not { } auth)
        {
            return;
        }

        if (headers.Any(h => string.Equals(h.Name, auth.Name, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add(draft.AuthAt!, "auth: the headers here set Authorization too; keep one");
            return;
        }

        headers.Add(auth);
    }

    /// <summary>
    /// The method, body and idempotent flag of a target whose own keys are <paramref name="own"/>, over the defaults;
    /// a body its method cannot send is an error at the body. <paramref name="where"/> names the target.
    /// </summary>
    public (HttpMethod Method, RequestBody? Body, bool Idempotent) Merge(RequestDraft own, string where)
    {
        var method = own.Method ?? Defaults.Method ?? HttpMethod.Get;
        var (bytes, json, secret, bodyAt) = own.Body is not null
            ? (own.Body, own.BodyIsJson, own.BodySecret, own.BodyAt)
            : (Defaults.Body, Defaults.BodyIsJson, Defaults.BodySecret, Defaults.BodyAt);
        if (bytes is null && own.ContentTypeAt is { } orphan)
        {
            errors.Add(orphan, $"content_type: describes a body, and {where} sends none; add body:");
        }

        RequestBody? body = null;
        if (bytes is not null && !RequestMethods.CarriesBody(method))
        {
            var hint = own.Method is null && Defaults.Method is null ? "add method: POST" : "use method: POST, PUT or PATCH";
            errors.Add(bodyAt!, $"body: {where} is a {method.Method}, which sends no body; {hint}");
        }
        else if (bytes is not null)
        {
            var mediaType = own.ContentType ?? Defaults.ContentType ?? (json ? JsonMediaType : TextMediaType);
            body = new RequestBody(bytes, mediaType) { Secret = secret };
        }

        return (method, body, own.Idempotent ?? Defaults.Idempotent ?? false);
    }

    private void ReadMethod(JobNode value, RequestDraft draft)
    {
        if (!ScalarReader.TryText(value, "method", $"one of {string.Join(", ", RequestMethods.Names)}", errors, out var text))
        {
            return;
        }

        draft.Method = RequestMethods.Find(text);
        if (draft.Method is null)
        {
            var why = text.Equals("HEAD", StringComparison.OrdinalIgnoreCase) ? " (a HEAD answer has no body to take a value from)" : "";
            errors.Add(value, $"method: {ScalarReader.Shown(value)} is not a method Gleaner sends{why}; use one of {string.Join(", ", RequestMethods.Names)}");
        }
    }

    private void ReadBody(JobNode value, RequestDraft draft)
    {
        byte[]? bytes = null;
        var secret = false;
        var json = false;
        switch (value)
        {
            case JobScalar { IsNull: false } text:
                var problems = EnvironmentReferences.Expand(text.Value, environment, out var expanded, out secret);
                foreach (var problem in problems)
                {
                    errors.Add(text, $"body: {problem}");
                }

                bytes = Encoding.UTF8.GetBytes(expanded);
                break;
            case JobMap { Entries: [var (form, content)] } when form.Value == "json":
                if (content is JobScalar)
                {
                    errors.Add(content, $"body.json: expected a mapping or a list (the JSON object or array to send), not {content.Description}");
                    return;
                }

                bytes = JsonBody.Write(content, errors, environment, out secret);
                json = true;
                break;
            case JobMap { Entries: [var (form, _)] }:
                errors.Add(form, $"body: '{form.Value}' is not a form of body; write {BodyForms}");
                return;
            default:
                errors.Add(value, $"body: expected {BodyForms}, not {value.Description}");
                return;
        }

        if (bytes.Length > JobFileLimits.MaxBodyBytes)
        {
            errors.Add(value, $"body: is {bytes.Length} bytes long; the largest allowed is {JobFileLimits.MaxBodyBytes} (1MiB)");
            return;
        }

        (draft.Body, draft.BodyIsJson, draft.BodySecret, draft.BodyAt) = (bytes, json, secret, value);
    }

    private void ReadContentType(JobNode value, RequestDraft draft)
    {
        if (!ScalarReader.TryText(value, "content_type", "a media type such as application/x-www-form-urlencoded", errors, out var text))
        {
            return;
        }

        if (text.AsSpan().ContainsAnyExceptInRange(' ', '~') || !MediaTypeHeaderValue.TryParse(text, out _))
        {
            errors.Add(value, $"content_type: {ScalarReader.Shown(value)} is not a media type such as application/x-www-form-urlencoded or text/plain; charset=utf-8");
            return;
        }

        (draft.ContentType, draft.ContentTypeAt) = (text, value);
    }
}
