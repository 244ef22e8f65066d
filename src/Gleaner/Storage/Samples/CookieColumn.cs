using System.Text;
using System.Text.Json;
using Gleaner.Fetching.Cookies;

namespace Gleaner.Storage.Samples;

/// <summary>
/// How <c>targets.cookies</c> holds a target's saved cookies: a JSON array, one object per cookie, times in the store's
/// milliseconds. Written and read by hand, without reflection. A column that cannot be read is no cookies: the
/// target starts a new session rather than the watch failing.
/// </summary>
internal static class CookieColumn
{
    /// <summary>The column's text for <paramref name="saved"/>; null for none.</summary>
    public static string? Write(SavedCookies? saved)
    {
        if (saved is null || saved.Count == 0)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var c in saved.Cookies)
            {
                json.WriteStartObject();
                json.WriteString("name", c.Name);
                json.WriteString("value", c.Value);
                json.WriteString("domain", c.Domain);
                json.WriteString("path", c.Path);
                json.WriteBoolean("host_only", c.HostOnly);
                json.WriteBoolean("secure", c.Secure);
                if (c.Expires is { } expires)
                {
                    json.WriteNumber("expires", StoreTime.ToMs(expires));
                }

                json.WriteNumber("created", StoreTime.ToMs(c.Created));
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The cookies in <paramref name="text"/>; null for none, or for a column that cannot be read.</summary>
    public static SavedCookies? Read(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var cookies = new List<StoredCookie>();
            foreach (var c in document.RootElement.EnumerateArray())
            {
                cookies.Add(new StoredCookie(
                    c.GetProperty("name").GetString()!,
                    c.GetProperty("value").GetString()!,
                    c.GetProperty("domain").GetString()!,
                    c.GetProperty("path").GetString()!,
                    c.GetProperty("host_only").GetBoolean(),
                    c.GetProperty("secure").GetBoolean(),
                    c.TryGetProperty("expires", out var expires) ? StoreTime.FromMs(expires.GetInt64()) : null,
                    StoreTime.FromMs(c.GetProperty("created").GetInt64())));
            }

            return new SavedCookies(cookies);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or ArgumentException)
        {
            return null;
        }
    }
}
