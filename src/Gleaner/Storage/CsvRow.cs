using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Gleaner.Storage;

/// <summary>
/// Renders a record JSON as one RFC 4180 CSV row of the columns in <see cref="Header"/>. A cell's kind follows
/// the JSON: numbers are written as they are in the JSON, text is protected against spreadsheet formulas and has
/// its control characters escaped (<see cref="DisplayText"/>).
/// </summary>
internal static class CsvRow
{
    /// <summary>The header row, with its CRLF.</summary>
    internal const string Header =
        "name,url,final_url,outcome,value,unit,status,attempts,at,error,total_ms,wire_bytes,decoded_bytes,redirects\r\n";

    private static readonly string[] TopLevel = ["name", "url", "final_url", "outcome", "value", "unit", "status", "attempts", "at", "error"];

    // A spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection"). CR is on
    // OWASP's list too, but no cell holds one: control characters are escaped first.
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t");
    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"");

    /// <summary>Appends the row for <paramref name="recordJson"/>, ending in CRLF, to <paramref name="row"/>.</summary>
    internal static void Append(StringBuilder row, string recordJson)
    {
        using var document = JsonDocument.Parse(recordJson);
        var record = document.RootElement;
        if (record.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("a record must be a JSON object", nameof(recordJson));
        }

        foreach (var name in TopLevel)
        {
            AppendCell(row, Property(record, name));
            row.Append(',');
        }

        AppendCell(row, Property(Property(record, "timings"), "total_ms"));
        row.Append(',');
        AppendCell(row, Property(Property(record, "bytes"), "wire"));
        row.Append(',');
        AppendCell(row, Property(Property(record, "bytes"), "decoded"));
        row.Append(',');
        AppendRedirects(row, Property(record, "redirects"));
        row.Append("\r\n");
    }

    private static JsonElement Property(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static void AppendCell(StringBuilder row, JsonElement cell)
    {
        switch (cell.ValueKind)
        {
            case JsonValueKind.Undefined:
            case JsonValueKind.Null:
                break;
            case JsonValueKind.Number:
                // The JSON's own invariant text: -7.2 stays a number for the spreadsheet.
                row.Append(cell.GetRawText());
                break;
            case JsonValueKind.True:
                row.Append("true");
                break;
            case JsonValueKind.False:
                row.Append("false");
                break;
            case JsonValueKind.String:
                AppendText(row, cell.GetString()!);
                break;
            default:
                AppendText(row, cell.GetRawText());
                break;
        }
    }

    private static void AppendRedirects(StringBuilder row, JsonElement redirects)
    {
        if (redirects.ValueKind != JsonValueKind.Array)
        {
            AppendCell(row, redirects);
            return;
        }

        var hops = redirects.EnumerateArray().Select(hop => hop.ValueKind == JsonValueKind.String ? hop.GetString() : hop.GetRawText());
        AppendText(row, string.Join(' ', hops));
    }

    // Cells are read in terminals (cat, less) and spreadsheets as often as by programs: control characters from
    // the network are escaped like everywhere text is shown, which also keeps every record on one line.
    internal static void AppendText(StringBuilder row, string text)
    {
        text = DisplayText.Escape(text);
        var quote = text.AsSpan().IndexOfAny(NeedsQuotes) >= 0;
        if (quote)
        {
            row.Append('"');
        }

        if (text.Length > 0 && FormulaStarts.Contains(text[0]))
        {
            row.Append('\'');
        }

        row.Append(quote ? text.Replace("\"", "\"\"", StringComparison.Ordinal) : text);
        if (quote)
        {
            row.Append('"');
        }
    }
}
