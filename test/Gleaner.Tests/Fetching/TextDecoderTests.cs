using System.Text;
using Gleaner.Fetching;
using Gleaner.Fetching.Text;

namespace Gleaner.Tests.Fetching;

public class TextDecoderTests
{
    [Fact]
    public void Decode_HeaderCharset_Wins()
    {
        var text = TextDecoder.Decode([0x36, 0x36, 0xB0, 0x46], "ISO-8859-1");
        Assert.Equal("66°F", text.Text);
        Assert.Equal("iso-8859-1", text.Charset);
        Assert.False(text.HadInvalidBytes);
    }

    [Fact]
    public void Decode_MetaCharset_UsedWithoutHeader()
    {
        var html = Encoding.Latin1.GetBytes("<html><head><meta charset=\"windows-1252\"></head><p>51\u00b0F</p>");
        var text = TextDecoder.Decode(html, null);
        Assert.Equal("windows-1252", text.Charset);
        Assert.Contains("51°F", text.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_XmlDeclaration_UsedWithoutHeader()
    {
        var xml = Encoding.Latin1.GetBytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><t>38\u00b0</t>");
        Assert.Equal("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><t>38°</t>", TextDecoder.Decode(xml, null).Text);
    }

    [Fact]
    public void Decode_Bom_OverridesHeader()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF, 0xC2, 0xB0 };
        var text = TextDecoder.Decode(bytes, "iso-8859-1");
        Assert.Equal("°", text.Text);
    }

    [Fact]
    public void Decode_InvalidUtf8_ReplacedAndFlagged()
    {
        byte[] bytes = [0xFF, 0x20, 0x35, 0x31, 0xC2, 0xB0, 0x46, 0x20, 0xC3, 0x28];
        var text = TextDecoder.Decode(bytes, "utf-8");
        Assert.Equal("\uFFFD 51°F \uFFFD(", text.Text);
        Assert.True(text.HadInvalidBytes);
    }

    [Fact]
    public void Decode_NoDeclarationInvalidUtf8_FallsBackToWindows1252()
    {
        var text = TextDecoder.Decode([0x35, 0x31, 0xB0, 0x46], null);
        Assert.Equal("51°F", text.Text);
        Assert.Equal("windows-1252", text.Charset);
    }

    [Fact]
    public void Decode_UnknownCharset_IsDecodeFailure()
    {
        var e = Assert.Throws<FetchFailure>(() => TextDecoder.Decode("x"u8, "x-klingon"));
        Assert.Equal(Outcome.Decode, e.Outcome);
        Assert.Contains("x-klingon", e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<byte[], string?, string, string, bool> ThroughTextOfCases => new()
    {
        { "51\u00b0F"u8.ToArray(), null, "51\u00b0F", "utf-8", false },
        { [0x35, 0x31, 0xB0, 0x46], null, "51\u00b0F", "windows-1252", false },
        { [0x35, 0x31, 0xB0, 0x46], "utf-8", "51\uFFFDF", "utf-8", true },
        { [0x36, 0x36, 0xB0, 0x46], "ISO-8859-1", "66\u00b0F", "iso-8859-1", false },
        { [0xEF, 0xBB, 0xBF, 0x34, 0x35], "ISO-8859-1", "45", "utf-8", false },
    };

    [Theory]
    [MemberData(nameof(ThroughTextOfCases))]
    public void Decode_ThroughTextOf_SameCharsetAndTextAsWithout(byte[] body, string? header, string expected, string charset, bool invalid)
    {
        var plain = TextDecoder.Decode(body, header);
        var through = TextDecoder.Decode(body, header, characters => new string(characters));

        Assert.Equal(new DecodedText(expected, charset, invalid), plain);
        Assert.Equal(plain, through);
    }
}
