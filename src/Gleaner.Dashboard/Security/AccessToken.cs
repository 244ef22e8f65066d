using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Dashboard.Security;

/// <summary>
/// The access token, when the operator set one: every request carries it as <c>Authorization: Bearer</c>, as the
/// cookie a page visit with <c>?token=</c> sets, or gets 401. Compared by their SHA-256 digests in constant time (so
/// not even the token's length shows in the time taken). The cookie holds a keyed digest of the token, not the token:
/// a browser sends cookies to every port of the host, and another service there must not learn the token from it.
/// </summary>
internal sealed class AccessToken
{
    public const string CookieName = "gleaner_token";
    public const string QueryName = "token";

    private readonly byte[] _digest;
    private readonly string _cookie;

    public AccessToken(string token)
    {
        _digest = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        _cookie = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(token), "gleaner dashboard cookie"u8));
    }

    public async Task GuardAsync(HttpContext http, RequestDelegate next)
    {
        var request = http.Request;
        if (Matches(BearerOf(request)) || CookieMatches(request.Cookies[CookieName]))
        {
            await next(http);
            return;
        }

        if (request.Query.TryGetValue(QueryName, out var given) && Matches(given.ToString()))
        {
            // The token leaves the address bar (and the history) at once; the cookie stands for it from here on. Lax,
            // not Strict: a link to the dashboard from a chat or a mail must arrive signed in, and nothing here writes.
            http.Response.Cookies.Append(CookieName, _cookie, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Path = "/",
                Secure = request.IsHttps,
            });
            http.Response.StatusCode = StatusCodes.Status303SeeOther;
            // One leading slash, whatever the path began with: "//host/" would send the browser to another site.
            http.Response.Headers.Location = "/" + (request.PathBase + request.Path).Value!.TrimStart('/') + WithoutToken(request.Query);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.WWWAuthenticate = "Bearer";
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync("401: this dashboard needs its access token: Authorization: Bearer TOKEN, or open it once with ?token=TOKEN\n");
    }

    private bool Matches(string? given) =>
        !string.IsNullOrEmpty(given) && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), _digest);

    private bool CookieMatches(string? given) =>
        given is { Length: 64 } && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given), Encoding.ASCII.GetBytes(_cookie));

    private static string? BearerOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : null;
    }

    private static string WithoutToken(IQueryCollection query)
    {
        var kept = query.Where(p => p.Key != QueryName).SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)));
        return QueryString.Create(kept).ToUriComponent();
    }
}
