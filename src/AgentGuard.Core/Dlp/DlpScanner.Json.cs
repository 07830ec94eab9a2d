using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AgentGuard;

public sealed partial class DlpScanner
{
    private const int MaxPathSegment = 64;

    [ThreadStatic]
    private static List<PathPart>? t_path;

    /// <summary>Scans every string value, property name and long number of a JSON document, at any depth.</summary>
    /// <param name="element">The document.</param>
    /// <returns>The findings in document order; empty when the document is clean.</returns>
    /// <exception cref="DlpScanException">The document is nested deeper than <see cref="DlpOptions.MaxJsonDepth"/>.</exception>
    /// <remarks>A string value under a secret-sounding name (<c>"password"</c>, <c>"api_key"</c>…) is also assessed as a
    /// whole, as the <c>generic_secret</c> detector would assess <c>password = "…"</c> in text.</remarks>
    public IReadOnlyList<DlpJsonFinding> ScanJson(JsonElement element)
    {
        var path = t_path ?? new List<PathPart>();
        t_path = null;
        var state = new JsonScanState(path);
        try
        {
            Walk(element, ref state, 0, GenericSecretDetector.NameClass.None);
            return state.Findings is null ? [] : state.Findings;
        }
        finally
        {
            path.Clear();
            t_path = path;
        }
    }

    /// <summary>Returns a copy of the document with the given findings redacted; the document itself when there are none.</summary>
    /// <param name="element">The document that was scanned.</param>
    /// <param name="findings">Findings from <see cref="ScanJson"/> over the same document.</param>
    /// <returns>The redacted document. A redacted number becomes a string.</returns>
    public JsonElement RedactJson(JsonElement element, IEnumerable<DlpJsonFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var byToken = new Dictionary<int, List<DlpDetection>>();
        foreach (var finding in findings)
        {
            if (!byToken.TryGetValue(finding.TokenIndex, out var list))
            {
                byToken[finding.TokenIndex] = list = [];
            }

            list.Add(finding.Detection);
        }

        if (byToken.Count == 0)
        {
            return element;
        }

        var buffer = new ArrayBufferWriter<byte>();
        var depth = Options.MaxJsonDepth + 2;
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { MaxDepth = depth, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var index = 0;
            Write(writer, element, byToken, ref index);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = depth });
        return document.RootElement.Clone();
    }

    /// <summary>Gets a string value's text, tolerating escaped lone surrogates (they become U+FFFD, one for one).</summary>
    internal static string GetString(JsonElement element)
    {
        try
        {
            return element.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            var raw = JsonMarshal.GetRawUtf8Value(element);
            return Unescape(raw[1..^1]);
        }
    }

    private static string GetName(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return Unescape(JsonMarshal.GetRawUtf8PropertyName(property));
        }
    }

    private static string Unescape(ReadOnlySpan<byte> raw)
    {
        var text = Encoding.UTF8.GetString(raw);
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\' || i + 1 >= text.Length)
            {
                builder.Append(c);
                continue;
            }

            var e = text[++i];
            switch (e)
            {
                case 'u' when i + 4 < text.Length && int.TryParse(text.AsSpan(i + 1, 4), System.Globalization.NumberStyles.HexNumber, null, out var code):
                    builder.Append((char)code);
                    i += 4;
                    break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                default: builder.Append(e); break;
            }
        }

        return TextSanitizer.ReplaceLoneSurrogates(builder.ToString());
    }

    private void Walk(JsonElement element, ref JsonScanState state, int depth, GenericSecretDetector.NameClass nameClass)
    {
        if (depth > Options.MaxJsonDepth)
        {
            throw new DlpScanException($"the JSON document is nested deeper than {Options.MaxJsonDepth} levels and cannot be scanned");
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                state.TokenIndex++;
                foreach (var property in element.EnumerateObject())
                {
                    var keyIndex = state.TokenIndex++;
                    var keyClass = ScanName(property, ref state, keyIndex, out var redactedAs);
                    if (keyClass == GenericSecretDetector.NameClass.None && _genericEnabled && property.Value.ValueKind == JsonValueKind.String
                        && (property.NameEquals("value"u8) || property.NameEquals("Value"u8)))
                    {
                        keyClass = PairClass(element); // {"name": "DB_PASSWORD", "value": "…"}
                    }

                    state.Path.Add(new PathPart(property, -1, redactedAs));
                    Walk(property.Value, ref state, depth + 1, keyClass);
                    state.Path.RemoveAt(state.Path.Count - 1);
                }

                break;
            case JsonValueKind.Array:
                state.TokenIndex++;
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    state.Path.Add(new PathPart(default, i++, null));
                    Walk(item, ref state, depth + 1, nameClass);
                    state.Path.RemoveAt(state.Path.Count - 1);
                }

                break;
            case JsonValueKind.String:
                ScanString(element, ref state, state.TokenIndex++, nameClass);
                break;
            case JsonValueKind.Number:
                ScanNumber(element, ref state, state.TokenIndex++);
                break;
            default:
                state.TokenIndex++;
                break;
        }
    }

    /// <summary>What the <c>name</c> (or <c>key</c>) member of a name/value pair says about its <c>value</c>:
    /// <c>{"name": "DB_PASSWORD", "value": "…"}</c> (Kubernetes env, ECS task definitions, settings lists).</summary>
    private static GenericSecretDetector.NameClass PairClass(JsonElement pair)
    {
        foreach (var member in (ReadOnlySpan<string>)["name", "key", "Name", "Key"])
        {
            if (pair.TryGetProperty(member, out var name) && name.ValueKind == JsonValueKind.String)
            {
                return GenericSecretDetector.Classify(name.GetString());
            }
        }

        return GenericSecretDetector.NameClass.None;
    }

    private GenericSecretDetector.NameClass ScanName(JsonProperty property, ref JsonScanState state, int tokenIndex, out string? redactedAs)
    {
        redactedAs = null;
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        char[]? rented = null;
        try
        {
            ReadOnlySpan<char> name;
            if (raw.IndexOf((byte)'\\') < 0)
            {
                rented = ArrayPool<char>.Shared.Rent(raw.Length);
                name = rented.AsSpan(0, Encoding.UTF8.GetChars(raw, rented));
            }
            else
            {
                name = GetName(property);
            }

            var hits = Collect(name, ref state);
            if (hits is { Count: > 0 })
            {
                redactedAs = $"[REDACTED:{hits[0].Detector}]";
                AddFindings(hits, ref state, tokenIndex, inName: true, pathExtra: new PathPart(property, -1, redactedAs));
            }

            return _genericEnabled ? GenericSecretDetector.Classify(name) : GenericSecretDetector.NameClass.None;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private void ScanString(JsonElement element, ref JsonScanState state, int tokenIndex, GenericSecretDetector.NameClass nameClass)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element)[1..^1];
        if (raw.IsEmpty)
        {
            return;
        }

        char[]? rented = null;
        try
        {
            ReadOnlySpan<char> text;
            if (raw.IndexOf((byte)'\\') < 0)
            {
                rented = ArrayPool<char>.Shared.Rent(raw.Length);
                text = rented.AsSpan(0, Encoding.UTF8.GetChars(raw, rented));
            }
            else
            {
                text = GetString(element);
            }

            var hits = Collect(text, ref state);
            if ((hits is null || hits.Count == 0) && nameClass != GenericSecretDetector.NameClass.None
                && SecretValueRules.Assess(text, nameClass == GenericSecretDetector.NameClass.Password, quoted: true) is { } confidence
                && confidence >= _minimum)
            {
                hits = [new DlpDetection(DlpDetectorNames.GenericSecret, DlpKind.Secret, 0, text.Length, confidence)];
            }

            if (hits is { Count: > 0 })
            {
                AddFindings(hits, ref state, tokenIndex, inName: false, pathExtra: null);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private void ScanNumber(JsonElement element, ref JsonScanState state, int tokenIndex)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        if (raw.Length < 8 || raw.Length > 64)
        {
            return; // Too short to be a card, an account or a phone number; too long to be anything but a hostile literal.
        }

        Span<char> text = stackalloc char[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            text[i] = (char)raw[i];
        }

        var hits = Collect(text, ref state);
        if (hits is { Count: > 0 })
        {
            AddFindings(hits, ref state, tokenIndex, inName: false, pathExtra: null);
        }
    }

    /// <summary>Scans a span and returns its resolved findings (a fresh list) or <see langword="null"/>.</summary>
    private List<DlpDetection>? Collect(ReadOnlySpan<char> text, ref JsonScanState state)
    {
        var hits = t_hits ?? new List<DlpDetection>();
        t_hits = null;
        try
        {
            ScanInto(text, hits);
            return hits.Count == 0 ? null : [.. hits];
        }
        finally
        {
            hits.Clear();
            t_hits = hits;
        }
    }

    private static void AddFindings(List<DlpDetection> hits, ref JsonScanState state, int tokenIndex, bool inName, PathPart? pathExtra)
    {
        var path = BuildPath(state.Path, pathExtra);
        var root = state.Path.Count > 0 ? state.Path[0] : pathExtra;
        var rootName = root is { Index: < 0, RedactedAs: null } r ? GetName(r.Property) : null;
        foreach (var hit in hits)
        {
            (state.Findings ??= []).Add(new DlpJsonFinding(path, hit, inName, rootName) { TokenIndex = tokenIndex });
        }
    }

    private static string BuildPath(List<PathPart> parts, PathPart? extra)
    {
        var builder = new StringBuilder("$");
        foreach (var part in parts)
        {
            Append(builder, part);
        }

        if (extra is { } e)
        {
            Append(builder, e);
        }

        return builder.ToString();

        static void Append(StringBuilder builder, PathPart part)
        {
            if (part.Index >= 0)
            {
                builder.Append('[').Append(part.Index).Append(']');
                return;
            }

            var name = part.RedactedAs ?? GetName(part.Property);
            if (name.Length > MaxPathSegment)
            {
                name = string.Concat(name.AsSpan(0, MaxPathSegment), "…");
            }

            if (name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && !name.AsSpan().ContainsAnyExcept(TextRules.Word))
            {
                builder.Append('.').Append(name);
            }
            else
            {
                builder.Append("['").Append(name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)).Append("']");
            }
        }
    }

    private void Write(Utf8JsonWriter writer, JsonElement element, Dictionary<int, List<DlpDetection>> byToken, ref int index)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                index++;
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    var name = GetName(property);
                    if (byToken.TryGetValue(index++, out var nameFindings))
                    {
                        name = Redact(name, nameFindings);
                    }

                    writer.WritePropertyName(TextSanitizer.ReplaceLoneSurrogates(name));
                    Write(writer, property.Value, byToken, ref index);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                index++;
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item, byToken, ref index);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String when byToken.TryGetValue(index, out var findings):
                index++;
                writer.WriteStringValue(Redact(GetString(element), findings));
                break;
            case JsonValueKind.Number when byToken.TryGetValue(index, out var findings):
                index++;
                writer.WriteStringValue(Redact(element.GetRawText(), findings));
                break;
            default:
                index++;
                element.WriteTo(writer);
                break;
        }
    }

    /// <summary>A step of the path to the value being scanned: a property (kept as the struct, so names are materialised only
    /// when a finding needs its path) or an array index.</summary>
    private readonly record struct PathPart(JsonProperty Property, int Index, string? RedactedAs);

    private struct JsonScanState(List<PathPart> path)
    {
        public List<PathPart> Path = path;
        public List<DlpJsonFinding>? Findings;
        public int TokenIndex;
    }
}
