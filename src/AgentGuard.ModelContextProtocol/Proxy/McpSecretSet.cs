using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace AgentGuard;

/// <summary>The backend credentials the proxy holds (expanded <c>env</c> and <c>headers</c> values), and the scrubbing
/// that keeps them from ever reaching the host: in results, error messages and logged server output.</summary>
/// <remarks>Values shorter than <see cref="MinLength"/> characters are not scrubbed (they would mangle ordinary text).
/// Scrubbing happens before the guard inspects a result, so no check, audit record or log ever holds a credential.
/// Thread-safe.</remarks>
internal sealed class McpSecretSet
{
    public const int MinLength = 8;
    public const string Placeholder = "[REDACTED:backend_credential]";

    private static readonly JsonTypeInfo<CallToolResult> s_resultType =
        (JsonTypeInfo<CallToolResult>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult));

    private readonly Lock _lock = new();
    private string[] _secrets = [];

    public void Add(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var candidates = new List<string> { value.Trim() };

        // "Bearer <token>", "Basic <blob>": the token alone leaks as badly as the whole header.
        var space = value.Trim().IndexOf(' ', StringComparison.Ordinal);
        if (space > 0)
        {
            candidates.Add(value.Trim()[(space + 1)..].Trim());
        }

        lock (_lock)
        {
            var set = new HashSet<string>(_secrets, StringComparer.Ordinal);
            foreach (var candidate in candidates.Where(static c => c.Length >= MinLength))
            {
                set.Add(candidate);
            }

            // Longest first, so a value that contains another is replaced whole.
            _secrets = [.. set.OrderByDescending(static s => s.Length).ThenBy(static s => s, StringComparer.Ordinal)];
        }
    }

    public string Scrub(string text, out int count)
    {
        count = 0;
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in _secrets)
        {
            var at = text.IndexOf(secret, StringComparison.Ordinal);
            while (at >= 0)
            {
                count++;
                text = string.Concat(text.AsSpan(0, at), Placeholder, text.AsSpan(at + secret.Length));
                at = text.IndexOf(secret, at + Placeholder.Length, StringComparison.Ordinal);
            }
        }

        return text;
    }

    public string Scrub(string text) => Scrub(text, out _);

    public CallToolResult Scrub(CallToolResult result, out int count)
    {
        count = 0;
        if (_secrets.Length == 0)
        {
            return result;
        }

        var node = JsonSerializer.SerializeToNode(result, s_resultType);
        var replaced = ScrubNode(node);
        if (replaced == 0)
        {
            return result;
        }

        count = replaced;
        return node.Deserialize(s_resultType) ?? result;
    }

    private int ScrubNode(JsonNode? node)
    {
        var total = 0;
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (child is JsonValue value && value.GetValueKind() == JsonValueKind.String)
                    {
                        var scrubbed = Scrub(value.GetValue<string>(), out var n);
                        if (n > 0)
                        {
                            obj[key] = scrubbed;
                            total += n;
                        }
                    }
                    else
                    {
                        total += ScrubNode(child);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
                    {
                        var scrubbed = Scrub(value.GetValue<string>(), out var n);
                        if (n > 0)
                        {
                            array[i] = scrubbed;
                            total += n;
                        }
                    }
                    else
                    {
                        total += ScrubNode(array[i]);
                    }
                }

                break;
        }

        return total;
    }
}
