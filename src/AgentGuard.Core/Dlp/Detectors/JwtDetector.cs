using System.Buffers;
using System.Text.Json;

namespace AgentGuard;

/// <summary>JSON Web Tokens: three base64url segments (or two, unsigned) whose header decodes to a JSON object naming an
/// <c>alg</c> and whose payload decodes to a JSON object.</summary>
internal sealed class JwtDetector() : BuiltInDetector(DlpDetectorNames.Jwt, DlpKind.Secret)
{
    private const int MaxSegment = 8192;
    private const int MaxHeader = 2048;
    private static readonly SearchValues<char> s_tokenChars = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-.");

    public override IReadOnlyList<DlpKeyword> Keywords { get; } = DlpKeyword.Exact("eyJ");

    public override int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits)
    {
        if (!text[index..].StartsWith("eyJ", StringComparison.Ordinal) || !TextRules.IsLeftBoundary(text, index, s_tokenChars))
        {
            return index + 1;
        }

        var header = TextRules.CountRun(text, index, TextRules.Base64Url, MaxSegment + 1);
        var p = index + header;
        if (header > MaxHeader || p >= text.Length || text[p] != '.')
        {
            return p;
        }

        var payloadStart = p + 1;
        var payload = TextRules.CountRun(text, payloadStart, TextRules.Base64Url, MaxSegment + 1);
        p = payloadStart + payload;
        if (payload < 4 || payload > MaxSegment)
        {
            return p;
        }

        if (p >= text.Length || text[p] != '.')
        {
            // An unsigned token (header.payload, as in "alg": "none" or a token cut before its signature) still carries the
            // claims: reported when both parts decode, with less confidence.
            if (payload >= 16 && TextRules.IsRightBoundary(text, p, s_tokenChars)
                && DecodesToObject(text.Slice(index, header), requireAlg: true) && DecodesToObject(text.Slice(payloadStart, payload), requireAlg: false))
            {
                Report(hits, index, p - index, DlpConfidence.Medium);
            }

            return p;
        }

        var signatureStart = p + 1;
        var signature = TextRules.CountRun(text, signatureStart, TextRules.Base64Url, MaxSegment + 1);
        var end = signatureStart + signature;
        if (signature > MaxSegment || !TextRules.IsRightBoundary(text, end, s_tokenChars))
        {
            return end;
        }

        if (!DecodesToObject(text.Slice(index, header), requireAlg: true) || !DecodesToObject(text.Slice(payloadStart, payload), requireAlg: false))
        {
            return end;
        }

        Report(hits, index, end - index, signature >= 16 ? DlpConfidence.High : DlpConfidence.Medium);
        return end;
    }

    private static bool DecodesToObject(ReadOnlySpan<char> segment, bool requireAlg)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((segment.Length * 3 / 4) + 3);
        try
        {
            var written = TextRules.Base64Decode(segment, buffer);
            if (written < 2)
            {
                return false;
            }

            var reader = new Utf8JsonReader(buffer.AsSpan(0, written), new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var hasAlg = false;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("alg"u8))
                {
                    hasAlg = reader.Read() && reader.TokenType == JsonTokenType.String;
                }
                else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }

            return !requireAlg || hasAlg;
        }
        catch (JsonException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
