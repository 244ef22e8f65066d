using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Dashboard.Api;

/// <summary>Writes JSON answers with the generated serializers.</summary>
internal static class JsonAnswers
{
    public const string ContentType = "application/json; charset=utf-8";

    public static Task WriteAsync<T>(HttpContext http, T value, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = ContentType;
        return JsonSerializer.SerializeAsync(http.Response.Body, value, type, http.RequestAborted);
    }

    public static Task ErrorAsync(HttpContext http, int status, string message) =>
        WriteAsync(http, new ErrorItem(message), DashboardJson.Default.ErrorItem, status);

    public static Task NotFoundAsync(HttpContext http, string name) =>
        ErrorAsync(http, StatusCodes.Status404NotFound, $"no target named '{name}'");
}
