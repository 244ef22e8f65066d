using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;

using static Gleaner.Fetching.Text.ByteOrderMarks;

namespace Gleaner.Fetching.Text;

/// <summary>
/// Turns body bytes into text. The charset comes from, in order: a byte-order mark, the Content-Type header,
/// a &lt;meta&gt; tag or XML declaration in the first 1,024 bytes; without any, UTF-8 when the bytes are valid
/// UTF-8, else windows-1252 (the web's default). Invalid bytes are replaced with U+FFFD and flagged, not fatal.
/// An unknown charset name is a <see cref="Outcome.Decode"/> failure.
/// </summary>
internal static partial class TextDecoder
{
    static TextDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static DecodedText Decode(ReadOnlySpan<byte> body, string? headerCharset, TextOf? textOf = null)
    {
        var (encoding, bomLength) = FromBom(body);
        string? label = encoding?.WebName;
        if (encoding is null)
        {
            label = Clean(headerCharset) ?? FromDocument(body);
            encoding = label is null ? null : Lookup(label)
                ?? throw new FetchFailure(Outcome.Decode, $"unknown character set '{label}'");
        }

        var content = body[bomLength..];
        // Nothing declared: UTF-8 if the bytes are valid UTF-8 (checked once, below), else windows-1252.
        var undeclared = encoding is null;
        encoding ??= Encoding.UTF8;

        // The common case, checked without a decoder of our own: UTF-8 that is valid takes the runtime's fast path.
        string? made = null;
        if (encoding.CodePage == Encoding.UTF8.CodePage
            && (textOf is null ? Utf8.IsValid(content) : TryValidUtf8(content, textOf, out made)))
        {
            return new DecodedText(textOf is null ? Encoding.UTF8.GetString(content) : made, label ?? "utf-8", HadInvalidBytes: false);
        }

        if (undeclared)
        {
            // windows-1252 decodes every byte.
            (encoding, label) = (Encoding.GetEncoding(1252), "windows-1252");
        }

        var counting = new CountingFallback();
        var decoder = (Encoding)encoding.Clone();
        decoder.DecoderFallback = counting;
        var text = Text(decoder, content, textOf);
        return new DecodedText(text, label ?? encoding.WebName, counting.Count > 0);
    }

    // Valid UTF-8 through a pooled buffer to textOf in one pass that validates as it transcodes; false when invalid.
    private static bool TryValidUtf8(ReadOnlySpan<byte> content, TextOf textOf, out string? text)
    {
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(1, content.Length));
        try
        {
            var valid = Utf8.ToUtf16(content, buffer, out _, out var written, replaceInvalidSequences: false) == OperationStatus.Done;
            text = valid ? textOf(buffer.AsSpan(0, written)) : null;
            return valid;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    // Straight to a string, or through a pooled buffer to whatever textOf makes of the characters.
    private static string? Text(Encoding encoding, ReadOnlySpan<byte> content, TextOf? textOf)
    {
        if (textOf is null)
        {
            return encoding.GetString(content);
        }

        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(1, encoding.GetMaxCharCount(content.Length)));
        try
        {
            var length = encoding.GetChars(content, buffer);
            return textOf(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static (Encoding? Encoding, int Length) FromBom(ReadOnlySpan<byte> body) =>
        body.StartsWith(Utf8Bom) ? (new UTF8Encoding(false), 3)
        : body.StartsWith(Utf16BigEndianBom) ? (new UnicodeEncoding(bigEndian: true, byteOrderMark: false), 2)
        : body.StartsWith(Utf16LittleEndianBom) ? (new UnicodeEncoding(bigEndian: false, byteOrderMark: false), 2)
        : (null, 0);

    private static string? FromDocument(ReadOnlySpan<byte> body)
    {
        var head = body[..Math.Min(body.Length, 1024)];
        if (MetaCharset.Find(head) is { } declared)
        {
            return Clean(declared);
        }

        // Only a document that holds "<?" can open with an XML declaration; most pages need no regex here.
        if (head.IndexOf("<?"u8) < 0)
        {
            return null;
        }

        var match = XmlEncoding().Match(Encoding.Latin1.GetString(head));
        return match.Success ? Clean(match.Groups["cs"].Value) : null;
    }

    private static string? Clean(string? label)
    {
        var s = label?.Trim().Trim('"', '\'').Trim();
        return string.IsNullOrEmpty(s) ? null : s.ToLowerInvariant();
    }

    private static Encoding? Lookup(string label)
    {
        if (label is "utf-8" or "utf8")
        {
            return Encoding.UTF8;
        }

        // WHATWG Encoding: these labels all mean windows-1252, a superset that decodes every byte.
        if (label is "iso-8859-1" or "latin1" or "l1" or "us-ascii" or "ascii" or "iso8859-1" or "cp1252")
        {
            return Encoding.GetEncoding(1252);
        }

        try
        {
            return Encoding.GetEncoding(label);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [GeneratedRegex("""^\s*<\?xml[^>]+encoding\s*=\s*["'](?<cs>[A-Za-z0-9_.:-]+)""", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex XmlEncoding();

    /// <summary>Replaces invalid bytes with U+FFFD and counts how often it did.</summary>
    private sealed class CountingFallback : DecoderFallback
    {
        public int Count { get; private set; }

        public override int MaxCharCount => 1;

        public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(this);

        private sealed class Buffer(CountingFallback owner) : DecoderFallbackBuffer
        {
            private int _pending;

            public override int Remaining => _pending;

            public override bool Fallback(byte[] bytesUnknown, int index)
            {
                owner.Count++;
                _pending = 1;
                return true;
            }

            public override char GetNextChar()
            {
                if (_pending == 0)
                {
                    return '\0';
                }

                _pending--;
                return '\uFFFD';
            }

            public override bool MovePrevious() => false;
        }
    }
}

/// <summary>
/// A body decoded to text (or what a <see cref="TextOf"/> made of it, maybe nothing), with the charset used and
/// whether invalid bytes were replaced.
/// </summary>
internal readonly record struct DecodedText(string? Text, string Charset, bool HadInvalidBytes);
