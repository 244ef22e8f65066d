using System.Text;
using Gleaner.Fetching;
using Gleaner.Jobs;

namespace Gleaner.Tests.Jobs;

/// <summary>
/// method, body, content_type, idempotent and auth in a job file: read once at load (a JSON body written then),
/// merged over defaults, and every mistake an error at its place that never quotes a body or a credential.
/// </summary>
public class JobFileRequestTests
{
    private static readonly Dictionary<string, string> Env = new()
    {
        ["TOKEN"] = "t-123",
        ["PASS"] = "p@ss",
        ["CITY"] = "Zürich \"Nord\"",
    };

    private static JobFile Parse(string yaml) => JobFileParser.Parse(yaml, "job.yaml", name => Env.GetValueOrDefault(name));

    private static string[] Errors(string yaml) =>
        [.. Assert.Throws<JobFileException>(() => Parse(yaml)).Errors.Select(error => error.ToString())];

    private static string Text(RequestBody? body) => Encoding.UTF8.GetString(Assert.IsType<RequestBody>(body).Content.Span);

    [Fact]
    public void Parse_JsonBody_IsWrittenOnceWithTypesFromThePlainScalarsAndIsAPost()
    {
        var target = Assert.Single(Parse("""
            targets:
              - name: q
                url: https://api.example.com/graphql
                method: POST
                body:
                  json:
                    query: 'query($id: ID!) { station(id: $id) { temp } }'
                    variables: { id: 42, zip: '0042', exact: true, none: null, ratio: 0.5, city: '${CITY}' }
                    tags: [a, 1]
            """).Targets);

        Assert.Equal(HttpMethod.Post, target.Method);
        Assert.Equal("application/json", target.Body!.MediaType);
        Assert.Equal(
            """{"query":"query($id: ID!) { station(id: $id) { temp } }","variables":{"id":42,"zip":"0042","exact":true,"none":null,"ratio":0.5,"city":"Zürich \"Nord\""},"tags":["a",1]}""",
            Text(target.Body));
        Assert.True(target.Body.Secret);
        Assert.False(target.Idempotent);
    }

    [Fact]
    public void Parse_TextBody_DefaultsToUtf8TextAndTakesContentTypeFromDefaults()
    {
        var job = Parse("""
            defaults: { method: post, content_type: application/x-www-form-urlencoded, idempotent: true }
            targets:
              - { name: a, url: 'https://example.com/a', body: 'q=1&r=é' }
              - { name: b, url: 'https://example.com/b', body: 'x', content_type: text/csv }
              - { name: c, url: 'https://example.com/c', method: GET, idempotent: false }
            """);

        Assert.Equal(("POST", "application/x-www-form-urlencoded", "q=1&r=é", true), (job.Targets[0].Method.Method, job.Targets[0].Body!.MediaType, Text(job.Targets[0].Body), job.Targets[0].Idempotent));
        Assert.Equal(("text/csv", "x"), (job.Targets[1].Body!.MediaType, Text(job.Targets[1].Body)));
        Assert.Equal((HttpMethod.Get, null, false), (job.Targets[2].Method, job.Targets[2].Body, job.Targets[2].Idempotent));
    }

    [Fact]
    public void Parse_BodyOnAGetOrABadMethod_IsAnErrorAtItsLine()
    {
        var errors = Errors("""
            targets:
              - name: a
                url: https://example.com/a
                body: 'q=1'
              - name: b
                url: https://example.com/b
                method: DELETE
                body: { json: { id: 1 } }
              - { name: c, url: 'https://example.com/c', method: HEAD }
              - { name: d, url: 'https://example.com/d', method: FETCH, content_type: text/plain }
              - { name: e, url: 'https://example.com/e', method: POST, body: { xml: '<a/>' } }
              - { name: f, url: 'https://example.com/f', method: POST, body: { json: 5 } }
            """);

        Assert.Equal(
        [
            "job.yaml:4:11: body: target 'a' is a GET, which sends no body; add method: POST",
            "job.yaml:8:11: body: target 'b' is a DELETE, which sends no body; use method: POST, PUT or PATCH",
            "job.yaml:9:54: method: 'HEAD' is not a method Gleaner sends (a HEAD answer has no body to take a value from); use one of GET, POST, PUT, PATCH, DELETE",
            "job.yaml:10:54: method: 'FETCH' is not a method Gleaner sends; use one of GET, POST, PUT, PATCH, DELETE",
            "job.yaml:10:75: content_type: describes a body, and target 'd' sends none; add body:",
            "job.yaml:11:68: body: 'xml' is not a form of body; write text, or { json: <a mapping or list> }",
            "job.yaml:12:74: body.json: expected a mapping or a list (the JSON object or array to send), not a single value",
        ], errors);
    }

    [Fact]
    public void Parse_ContentTypeHeaderWithoutABody_IsAnErrorNamingTheTarget()
    {
        var errors = Errors("""
            targets:
              - { name: a, url: 'https://example.com/a', headers: { Content-Type: text/plain } }
              - { name: b, url: 'https://example.com/b', method: POST, body: x, headers: { Content-Type: text/plain } }
            """);

        Assert.Equal(["job.yaml:2:5: target 'a': the Content-Type header describes a request body, and this request sends none"], errors);
    }

    [Fact]
    public void Parse_Auth_BecomesASecretAuthorizationHeaderAndATargetsReplacesTheDefault()
    {
        var job = Parse("""
            defaults:
              auth: { bearer: '${TOKEN}' }
            targets:
              - { name: a, url: 'https://example.com/a' }
              - name: b
                url: https://example.com/b
                auth: { basic: { user: ops, password: '${PASS}' } }
            """);

        Assert.Equal([new RequestHeader("Authorization", "Bearer t-123") { Secret = true }], job.Targets[0].Headers);
        Assert.Equal([new RequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:p@ss"))) { Secret = true }], job.Targets[1].Headers);
        Assert.Equal(["Authorization: [secret]"], job.Targets[1].Headers.Select(h => h.ToString()));
    }

    [Fact]
    public void Parse_LiteralCredentialsOrAConflictingHeader_AreErrorsThatNeverQuoteThem()
    {
        var errors = Errors("""
            targets:
              - { name: a, url: 'https://example.com/a', auth: { bearer: sk-live-123 } }
              - { name: b, url: 'https://example.com/b', auth: { basic: { user: ops, password: hunter2 } } }
              - { name: c, url: 'https://example.com/c', auth: { bearer: '${TOKEN}' }, headers: { authorization: 'Bearer ${TOKEN}' } }
              - { name: d, url: 'https://example.com/d', auth: { basic: { user: 'a:b', password: '${PASS}' } } }
              - { name: e, url: 'https://example.com/e', auth: { digest: x } }
              - { name: f, url: 'https://example.com/f', auth: { basic: { user: ops } } }
            """);

        Assert.Equal(
        [
            "job.yaml:2:62: auth.bearer: write the token as ${NAME} and set the environment variable NAME; a secret is never written in a job file",
            "job.yaml:3:84: auth.basic.password: write the password as ${NAME} and set the environment variable NAME; a secret is never written in a job file",
            "job.yaml:4:46: auth: the headers here set Authorization too; keep one",
            "job.yaml:5:69: auth.basic.user: a user name for basic auth cannot hold ':'",
            "job.yaml:6:54: auth: 'digest' is not a kind of auth; write { bearer: '${TOKEN}' } or { basic: { user: NAME, password: '${PASSWORD}' } }",
            "job.yaml:7:61: auth.basic: needs both user and password",
        ], errors);
        Assert.DoesNotContain(errors, e => e.Contains("sk-live", StringComparison.Ordinal) || e.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_UnsetVariableInABody_IsAnErrorAtItsPlace()
    {
        var errors = Errors("""
            targets:
              - name: a
                url: https://example.com/a
                method: POST
                body: { json: { key: '${MISSING}' } }
            """);

        Assert.Equal(["job.yaml:5:26: body.json.key: the environment variable MISSING is not set"], errors);
    }
}
