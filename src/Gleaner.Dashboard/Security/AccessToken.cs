using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Dashboard.Security;

/// <summary>
/// The access token, when the operator set one: every request carries it as <c>Authorization: Bearer</c>, as the
/// cookie a page visit with <c>?token=</c> sets, or gets 401. Compared in constant time.
/// </summary>
internal sealed class AccessToken
{
    public const string CookieName = "gleaner_token";
    public const string QueryName = "token";

    private readonly byte[] _token;

    public AccessToken(string token)
    {
        _token = Encoding.UTF8.GetBytes(token);
    }

    public async Task GuardAsync(HttpContext http, RequestDelegate next)
    {
        var request = http.Request;
        if (Matches(BearerOf(request)) || Matches(request.Cookies[CookieName]))
        {
            await next(http);
            return;
        }

        if (request.Query.TryGetValue(QueryName, out var given) && Matches(given.ToString()))
        {
            // The token leaves the address bar (and the history) at once; the cookie carries it from here on.
            http.Response.Cookies.Append(CookieName, given.ToString(), new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Path = "/",
                Secure = request.IsHttps,
            });
            http.Response.StatusCode = StatusCodes.Status303SeeOther;
            http.Response.Headers.Location = request.PathBase + request.Path + WithoutToken(request.Query);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.WWWAuthenticate = "Bearer";
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync("401: this dashboard needs its access token: Authorization: Bearer TOKEN, or open it once with ?token=TOKEN\n");
    }

    private bool Matches(string? given) =>
        !string.IsNullOrEmpty(given) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _token);

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
