using System.Text;
using Gleaner.Fetching;

namespace Gleaner.Jobs;

/// <summary>
/// Reads <c>auth</c>, a shorthand for the Authorization header: <c>{ bearer: '${TOKEN}' }</c> or
/// <c>{ basic: { user: NAME, password: '${PASSWORD}' } }</c>. The token and the password must come from the
/// environment (PRODUCT.md: secrets are never written in a job file); the user may be written out. No message
/// quotes a credential.
/// </summary>
internal sealed class AuthReader(JobErrors errors, Func<string, string?> environment)
{
    private const string Forms = "{ bearer: '${TOKEN}' } or { basic: { user: NAME, password: '${PASSWORD}' } }";

    /// <summary>The Authorization header <paramref name="value"/> describes, or null after reporting why there is none.</summary>
    public RequestHeader? Read(JobNode value)
    {
        switch (value)
        {
            case JobMap { Entries: [var (form, token)] } when form.Value == "bearer":
                return Secret(token, "auth.bearer", "the token") is { } bearer ? Header($"Bearer {bearer}", token, "auth.bearer") : null;
            case JobMap { Entries: [var (form, basic)] } when form.Value == "basic":
                return ReadBasic(basic);
            case JobMap { Entries.Count: > 1 } both:
                errors.Add(both, $"auth: give one kind of auth, not {both.Entries.Count}; write {Forms}");
                return null;
            case JobMap { Entries: [var (form, _)] }:
                errors.Add(form, $"auth: '{form.Value}' is not a kind of auth; write {Forms}");
                return null;
            default:
                errors.Add(value, $"auth: expected {Forms}, not {value.Description}");
                return null;
        }
    }

    private RequestHeader? ReadBasic(JobNode basic)
    {
        if (basic is not JobMap map)
        {
            errors.Add(basic, $"auth.basic: expected {{ user: NAME, password: '${{PASSWORD}}' }}, not {basic.Description}");
            return null;
        }

        string? user = null;
        string? password = null;
        foreach (var (key, field) in map.Entries)
        {
            switch (key.Value)
            {
                case "user":
                    user = User(field);
                    break;
                case "password":
                    password = Secret(field, "auth.basic.password", "the password");
                    break;
                default:
                    errors.Add(key, UnknownKey.Message(key.Value, "in auth.basic", ["user", "password"]));
                    break;
            }
        }

        if (map.Find("user") is null || map.Find("password") is null)
        {
            errors.Add(map, "auth.basic: needs both user and password");
            return null;
        }

        return user is null || password is null
            ? null
            : Header($"Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"))}", map, "auth.basic");
    }

    private string? User(JobNode field)
    {
        if (!ScalarReader.TryText(field, "auth.basic.user", "a user name", errors, out var text))
        {
            return null;
        }

        var problems = EnvironmentReferences.Expand(text, environment, out var user, out _);
        foreach (var problem in problems)
        {
            errors.Add(field, $"auth.basic.user: {problem}");
        }

        if (problems.Count == 0 && user.Contains(':', StringComparison.Ordinal))
        {
            // RFC 7617: the first colon ends the user id.
            errors.Add(field, "auth.basic.user: a user name for basic auth cannot hold ':'");
            return null;
        }

        return problems.Count == 0 ? user : null;
    }

    // A credential written into the file would end up in version control and in backups: it must be a reference.
    private string? Secret(JobNode field, string label, string what)
    {
        if (!ScalarReader.TryText(field, label, $"{what} as ${{NAME}}, an environment variable", errors, out var text))
        {
            return null;
        }

        var problems = EnvironmentReferences.Expand(text, environment, out var value, out var filled);
        foreach (var problem in problems)
        {
            errors.Add(field, $"{label}: {problem}");
        }

        if (problems.Count == 0 && !filled)
        {
            errors.Add(field, $"{label}: write {what} as ${{NAME}} and set the environment variable NAME; a secret is never written in a job file");
            return null;
        }

        return problems.Count == 0 ? value : null;
    }

    private RequestHeader? Header(string value, JobNode at, string label)
    {
        if (HeaderText.ValueProblem(value) is { } problem)
        {
            errors.Add(at, $"{label}: {problem} (after filling it from the environment)");
            return null;
        }

        return new RequestHeader("Authorization", value) { Secret = true };
    }
}
