using System.Net.Http.Headers;
using System.Text;
using Gleaner.Politeness.Domains;

namespace Gleaner.Fetching.Cookies;

/// <summary>
/// The cookies one target has been given, sent back as RFC 6265 scopes them: to the host or domain that set them
/// (never a public suffix, never another site), under their path, Secure ones over https only, until they expire.
/// Bounded so a hostile server cannot grow it: a Set-Cookie field over 4 KiB is ignored, a site (registrable domain)
/// keeps its 50 most recently set cookies and the jar its 300. Thread-safe; its values never appear in
/// <see cref="ToString"/>.
/// </summary>
/// <remarks>
/// Gleaner's own jar rather than <see cref="System.Net.CookieContainer"/>: that one does not know the Public Suffix
/// List (so <c>Domain=co.uk</c> would be taken), keeps time by the system clock, and loses whether a cookie was
/// host-only when its cookies are saved and added back, as a watch's store must do.
/// </remarks>
public sealed class CookieJar
{
    /// <summary>Cookies a jar keeps at most.</summary>
    public const int MaxCookies = 300;

    /// <summary>Cookies one site (registrable domain) keeps at most in a jar.</summary>
    public const int MaxCookiesPerSite = 50;

    private readonly Lock _gate = new();
    private readonly List<StoredCookie> _cookies = [];
    private readonly TimeProvider _time;
    private long _order;
    private long _version;

    /// <summary>An empty jar that keeps time by <paramref name="time"/> (default: the system clock).</summary>
    public CookieJar(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How many cookies the jar holds (expired ones not yet dropped among them).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _cookies.Count;
            }
        }
    }

    /// <summary>Goes up with every change a response makes, so a caller knows when to save the jar again.</summary>
    internal long Version => Interlocked.Read(ref _version);

    /// <summary>A jar holding <paramref name="saved"/>'s cookies that have not expired.</summary>
    internal static CookieJar Restore(SavedCookies? saved, TimeProvider? time = null)
    {
        var jar = new CookieJar(time);
        var now = jar._time.GetUtcNow();
        foreach (var cookie in saved?.Cookies ?? [])
        {
            if (!cookie.ExpiredAt(now) && jar._cookies.Count < MaxCookies)
            {
                jar._cookies.Add(cookie with { Order = ++jar._order });
            }
        }

        return jar;
    }

    /// <summary>The jar's cookies that have not expired, as a value to keep.</summary>
    internal SavedCookies Save()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            return new SavedCookies([.. _cookies.Where(c => !c.ExpiredAt(now))]);
        }
    }

    /// <summary>The Cookie field for a request to <paramref name="url"/>, or null when no cookie goes there.</summary>
    internal string? HeaderFor(Uri url)
    {
        var host = SetCookieParser.HostOf(url);
        var path = url.AbsolutePath;
        var https = url.Scheme == Uri.UriSchemeHttps;
        var now = _time.GetUtcNow();
        List<StoredCookie>? sent = null;
        lock (_gate)
        {
            _cookies.RemoveAll(c => c.ExpiredAt(now));
            foreach (var cookie in _cookies)
            {
                if ((cookie.HostOnly ? host == cookie.Domain : SetCookieParser.DomainMatches(host, cookie.Domain))
                    && SetCookieParser.PathMatches(path, cookie.Path)
                    && (https || !cookie.Secure))
                {
                    (sent ??= []).Add(cookie);
                }
            }
        }

        if (sent is null)
        {
            return null;
        }

        // RFC 6265 §5.4: longer paths first, then the earlier set.
        var text = new StringBuilder();
        foreach (var cookie in sent.OrderByDescending(c => c.Path.Length).ThenBy(c => c.Created).ThenBy(c => c.Order))
        {
            text.Append(text.Length == 0 ? "" : "; ").Append(cookie.Name).Append('=').Append(cookie.Value);
        }

        return text.ToString();
    }

    /// <summary>Takes the cookies a response from <paramref name="url"/> sets (a redirect's and an error's too).</summary>
    internal void Receive(Uri url, HttpResponseHeaders headers)
    {
        if (headers.NonValidated.TryGetValues("Set-Cookie", out var fields))
        {
            foreach (var field in fields)
            {
                Receive(url, field);
            }
        }
    }

    /// <summary>Takes the cookie one Set-Cookie field sets, replacing the one of its name and scope; ignores a bad one.</summary>
    internal void Receive(Uri url, string field)
    {
        var now = _time.GetUtcNow();
        if (SetCookieParser.Parse(field, url, now) is not { } cookie)
        {
            return;
        }

        lock (_gate)
        {
            var index = _cookies.FindIndex(c => c.SameSlot(cookie));
            var old = index < 0 ? null : _cookies[index];
            if (index >= 0)
            {
                _cookies.RemoveAt(index);
            }

            if (cookie.ExpiredAt(now))
            {
                // An expiry in the past is how a server deletes a cookie.
                if (old is not null)
                {
                    Interlocked.Increment(ref _version);
                }

                return;
            }

            cookie = cookie with { Created = old?.Created ?? now, Order = ++_order };
            _cookies.Add(cookie);
            if (old is null || old with { Order = cookie.Order } != cookie)
            {
                Interlocked.Increment(ref _version);
            }

            var site = SiteOf(cookie.Domain);
            Evict(c => SiteOf(c.Domain) == site, MaxCookiesPerSite, now);
            Evict(_ => true, MaxCookies, now);
        }
    }

    /// <summary>The number of cookies only: their values are secrets.</summary>
    public override string ToString() => $"{Count} cookies";

    private static string SiteOf(string domain) => PublicSuffixList.Default.RegistrableDomain(domain) ?? domain;

    // Under the lock. Over the cap, expired cookies go first, then the least recently set (RFC 6265 §5.3 step 12).
    private void Evict(Func<StoredCookie, bool> within, int cap, DateTimeOffset now)
    {
        var count = _cookies.Count(within);
        if (count <= cap)
        {
            return;
        }

        count -= _cookies.RemoveAll(c => within(c) && c.ExpiredAt(now));
        while (count > cap)
        {
            var oldest = _cookies.Where(within).MinBy(c => c.Order)!;
            _cookies.Remove(oldest);
            count--;
        }
    }
}
