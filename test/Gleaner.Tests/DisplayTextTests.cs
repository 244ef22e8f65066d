using System.Globalization;
using System.Text.Json;

namespace Gleaner.Tests;

public class DisplayTextTests
{
    // As ResultJson writes records.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public void Escape_EveryCharacterBelowU0100_EscapesC0ExceptTabDelAndC1()
    {
        for (var c = '\0'; c < '\u0100'; c++)
        {
            var control = (c < 0x20 && c != '\t') || c is >= '\u007F' and <= '\u009F';
            var expected = control ? "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture) : c.ToString();
            Assert.Equal(expected, DisplayText.Escape(c.ToString()));
        }
    }

    [Theory]
    [InlineData('\u202A', "\\u202a")]
    [InlineData('\u202B', "\\u202b")]
    [InlineData('\u202C', "\\u202c")]
    [InlineData('\u202D', "\\u202d")]
    [InlineData('\u202E', "\\u202e")]
    [InlineData('\u2066', "\\u2066")]
    [InlineData('\u2067', "\\u2067")]
    [InlineData('\u2068', "\\u2068")]
    [InlineData('\u2069', "\\u2069")]
    [InlineData('\u200E', "\\u200e")]
    [InlineData('\u200F', "\\u200f")]
    [InlineData('\u061C', "\\u061c")]
    [InlineData('\u2028', "\\u2028")]
    [InlineData('\u2029', "\\u2029")]
    public void Escape_BidiControlOrSeparator_IsWrittenAsU(char c, string expected)
    {
        Assert.Equal($"a{expected}b", DisplayText.Escape($"a{c}b"));
    }

    [Theory]
    [InlineData("66.9°F")]
    [InlineData("\u22125 °C")]
    [InlineData("a\tb")]
    [InlineData("\\x1b is written as text")]
    [InlineData("Zürich\u00A0straße")]
    [InlineData("שלום עולם")]
    [InlineData("\u200B\u200C\u200D\u2060\u2065\u206A\u2027\u202F")]
    [InlineData("👩\u200D🔬")]
    [InlineData("")]
    public void Escape_PrintableText_IsTheSameInstance(string text)
    {
        Assert.Same(text, DisplayText.Escape(text));
    }

    [Fact]
    public void Escape_TerminalSequences_AreShownNotRun()
    {
        Assert.Equal(
            "\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\x7f\\u202e66.9°F\\x0d\\x0a",
            DisplayText.Escape("\u001b]0;owned\u0007\u001b[2J\u009b31m\u007f\u202e66.9°F\r\n"));
    }

    [Theory]
    [InlineData("66.9°F\u001b[2J", "66.9°F\\x1b[2J")]
    [InlineData("a\tb\u202ec", "a\tb\\u202ec")]
    [InlineData("Zürich \u0085 Genève\u2069", "Zürich \\x85 Genève\\u2069")]
    public void Escape_ControlsAfterOtherNonAsciiText_AreFoundWhereTheyAre(string text, string expected)
    {
        Assert.Equal(expected, DisplayText.Escape(text));
    }

    [Fact]
    public void EscapeJson_BidiLeftRawByTheWriter_IsSpelledAsAnEscapeWithTheSameValue()
    {
        var value = "a\u202Eb\u2066c\u200Fd";
        var json = JsonSerializer.Serialize(new Dictionary<string, string> { ["v"] = value }, Relaxed);

        var escaped = DisplayText.EscapeJson(json);

        Assert.Equal("{\"v\":\"a\\u202Eb\\u2066c\\u200Fd\"}", escaped);
        Assert.Equal(value, JsonDocument.Parse(escaped).RootElement.GetProperty("v").GetString());
    }

    [Fact]
    public void EscapeJson_NothingToEscape_IsTheSameInstance()
    {
        const string Json = "{\"v\":\"66.9°F \\u001B\"}";

        Assert.Same(Json, DisplayText.EscapeJson(Json));
    }
}
