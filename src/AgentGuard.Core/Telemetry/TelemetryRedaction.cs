using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AgentGuard;

/// <summary>Turns tool arguments and results into text that is safe to put on a span.</summary>
/// <remarks>
/// DLP SEAM: until the DLP scanner (src/AgentGuard.Core/Dlp) is wired in here, every string and number is replaced
/// by a keyed digest, which hides secrets and personal data along with everything else. When it lands, this should
/// keep plain values and replace only what the scanner finds, with its typed placeholders
/// (<c>[REDACTED:aws_access_key_id]</c>); tests in TelemetryTests plant secret-looking values and check that none
/// reaches a span either way. The digest key is random per process: equal values correlate within one run, and a
/// guessed value cannot be confirmed from a span.
/// </remarks>
internal static class TelemetryRedaction
{
    private static readonly byte[] s_key = RandomNumberGenerator.GetBytes(32);

    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = 256 };

    public static string Redact(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, s_options))
        {
            try
            {
                if (value.ValueKind == JsonValueKind.Undefined)
                {
                    return string.Empty;
                }

                Write(json, value, 0);
            }
            catch (ObjectDisposedException)
            {
                return "[REDACTED:unavailable]";
            }
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter json, JsonElement value, int depth)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object when depth < 64:
                json.WriteStartObject();
                foreach (var property in value.EnumerateObject())
                {
                    json.WritePropertyName(property.Name);
                    Write(json, property.Value, depth + 1);
                }

                json.WriteEndObject();
                break;
            case JsonValueKind.Array when depth < 64:
                json.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    Write(json, item, depth + 1);
                }

                json.WriteEndArray();
                break;
            case JsonValueKind.True or JsonValueKind.False:
                json.WriteBooleanValue(value.ValueKind == JsonValueKind.True);
                break;
            case JsonValueKind.Null:
                json.WriteNullValue();
                break;
            default:
                json.WriteStringValue(Digest(JsonMarshal.GetRawUtf8Value(value)));
                break;
        }
    }

    private static string Digest(ReadOnlySpan<byte> raw)
    {
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(s_key, raw, hash);
        return string.Concat("[REDACTED:hmac:", Convert.ToHexStringLower(hash[..6]), "]");
    }
}
