using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace AgentGuard;

/// <summary>The hash-chain envelope of an audit file line (see docs/audit.md).</summary>
/// <remarks>
/// A line is one JSON object whose last member is <c>"hash"</c>: <c>{"seq":N,"kind":"…",…,"prev":"&lt;hex&gt;","hash":"&lt;hex&gt;"}</c>.
/// The hash is SHA-256 over the UTF-8 bytes of the line without its <c>,"hash":"…"</c> member, that is, the body
/// through <c>"prev":"…"</c> followed by <c>}</c>. Because the body contains the previous record's hash, changing,
/// removing, inserting or reordering any record breaks the chain at that record.
/// </remarks>
internal static class AuditChain
{
    public const string Anchor = "anchor";
    public const string Seal = "seal";

    /// <summary>The length of <c>,"hash":"</c> + 64 hex digits + <c>"}</c>.</summary>
    public const int HashSuffixLength = 9 + 64 + 2;

    public static ReadOnlySpan<byte> HashPrefix => ",\"hash\":\""u8;

    public static Hash256 Hash(ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(body, hash);
        return Hash256.FromBytes(hash);
    }

    /// <summary>Parses and checks one line (without its newline).</summary>
    /// <param name="line">The line.</param>
    /// <param name="parsed">What the line says; <see cref="ParsedLine.HashMatches"/> tells whether it is intact.</param>
    /// <returns><see langword="false"/> when the line is not an audit record at all.</returns>
    public static bool TryParse(ReadOnlySpan<byte> line, out ParsedLine parsed)
    {
        parsed = default;
        if (line.Length <= HashSuffixLength + 2 || line[0] != (byte)'{' || !line.EndsWith("\"}"u8))
        {
            return false;
        }

        var suffix = line[^HashSuffixLength..];
        if (!suffix.StartsWith(HashPrefix) || !Hash256.TryParseHex(suffix.Slice(HashPrefix.Length, 64), out var stored))
        {
            return false;
        }

        var bodyLength = line.Length - HashSuffixLength + 1;
        var rented = ArrayPool<byte>.Shared.Rent(bodyLength);
        try
        {
            var body = rented.AsSpan(0, bodyLength);
            line[..(bodyLength - 1)].CopyTo(body);
            body[^1] = (byte)'}';
            if (!TryReadEnvelope(body, out var sequence, out var kind, out var previous, out var previousFile))
            {
                return false;
            }

            parsed = new ParsedLine(sequence, kind, previous, stored, Hash(body) == stored, previousFile);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool TryReadEnvelope(ReadOnlySpan<byte> body, out long sequence, out string kind, out Hash256 previous, out string? previousFile)
    {
        previousFile = null;
        sequence = -1;
        kind = string.Empty;
        previous = default;
        var havePrevious = false;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("seq"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out sequence))
                    {
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("kind"u8))
                {
                    reader.Read();
                    kind = reader.TokenType == JsonTokenType.String ? reader.GetString() ?? string.Empty : string.Empty;
                }
                else if (reader.ValueTextEquals("prev_file"u8))
                {
                    reader.Read();
                    previousFile = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("prev"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || !Hash256.TryParseHex(reader.ValueSpan, out previous))
                    {
                        return false;
                    }

                    havePrevious = true;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // The object must end exactly at the end of the body: nothing may hide after it.
            return reader.TokenType == JsonTokenType.EndObject && reader.BytesConsumed == body.Length && !reader.Read()
                && sequence >= 1 && kind.Length > 0 && havePrevious;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>What one intact-looking line says.</summary>
    /// <param name="Sequence">The record's sequence number.</param>
    /// <param name="Kind">The record's kind: anchor, seal, decision or dropped.</param>
    /// <param name="Previous">The previous record's hash, as this record states it.</param>
    /// <param name="Hash">The hash stored on the line.</param>
    /// <param name="HashMatches">Whether the stored hash is the hash of the line's content.</param>
    /// <param name="PreviousFile">For an anchor, the name of the file it continues from.</param>
    internal readonly record struct ParsedLine(long Sequence, string Kind, Hash256 Previous, Hash256 Hash, bool HashMatches, string? PreviousFile);
}
