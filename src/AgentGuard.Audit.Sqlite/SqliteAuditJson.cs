using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AgentGuard;

/// <summary>The JSON columns of the audit table: string lists and findings.</summary>
internal static class SqliteAuditJson
{
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Strings(IReadOnlyList<string> values)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var json = new Utf8JsonWriter(buffer, s_options))
        {
            json.WriteStartArray();
            foreach (var value in values)
            {
                json.WriteStringValue(value);
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string Findings(IReadOnlyList<GuardFinding> findings)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer, s_options))
        {
            json.WriteStartArray();
            foreach (var finding in findings)
            {
                json.WriteStartObject();
                json.WriteString("detector", finding.Detector);
                json.WriteString("kind", finding.Kind);
                json.WriteString("location", finding.Location);
                json.WriteNumber("start", finding.Start);
                json.WriteNumber("length", finding.Length);
                json.WriteString("action", finding.Action);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static IReadOnlyList<string> ReadStrings(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        using var document = JsonDocument.Parse(text);
        return [.. document.RootElement.EnumerateArray().Select(static e => e.GetString() ?? string.Empty)];
    }

    public static IReadOnlyList<GuardFinding> ReadFindings(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        using var document = JsonDocument.Parse(text);
        return
        [
            .. document.RootElement.EnumerateArray().Select(static e => new GuardFinding(
                e.GetProperty("detector").GetString() ?? string.Empty,
                e.GetProperty("kind").GetString() ?? string.Empty,
                e.GetProperty("location").GetString() ?? string.Empty,
                e.GetProperty("start").GetInt32(),
                e.GetProperty("length").GetInt32(),
                e.GetProperty("action").GetString() ?? string.Empty)),
        ];
    }
}
