using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace AgentGuard;

/// <summary>The canonical form of an MCP tool definition: what a pin's SHA-256 covers.</summary>
/// <remarks>
/// <para>The canonical form is a JSON object with the definition's model-facing members — <c>annotations</c>,
/// <c>description</c>, <c>inputSchema</c>, <c>name</c>, <c>outputSchema</c> and <c>title</c> — as the server sent them
/// (absent or <c>null</c> members are left out; <c>_meta</c> and <c>icons</c> are not covered), written per RFC 8785:
/// members sorted by the UTF-16 code units of their names, no insignificant whitespace, numbers in ECMAScript's
/// shortest form (<c>1.0</c> is <c>1</c>), strings with minimal escapes and no Unicode normalization. A definition that
/// differs in any of those members by one code point, one key or one number hashes differently; one that differs
/// only in key order, whitespace, escaping or number spelling hashes the same.</para>
/// <para>The hash is the lowercase hexadecimal SHA-256 of the canonical form's UTF-8 bytes.</para>
/// </remarks>
public static class McpToolCanonicalForm
{
    private static readonly string[] s_pinnedMembers = ["annotations", "description", "inputSchema", "name", "outputSchema", "title"];

    /// <summary>Gets the names of the members the canonical form covers, in canonical order.</summary>
    public static IReadOnlyList<string> PinnedMembers => s_pinnedMembers;

    /// <summary>Writes a tool definition in canonical form.</summary>
    /// <param name="tool">The definition.</param>
    /// <returns>The canonical JSON text.</returns>
    public static string ToCanonicalJson(Tool tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        return ToCanonicalJson(Serialize(tool));
    }

    /// <summary>Writes a tool definition, given as JSON, in canonical form.</summary>
    /// <param name="definition">The definition as a JSON object (as in a <c>tools/list</c> result).</param>
    /// <returns>The canonical JSON text.</returns>
    public static string ToCanonicalJson(JsonElement definition)
    {
        if (definition.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("A tool definition is a JSON object.", nameof(definition));
        }

        var text = new StringBuilder();
        text.Append('{');
        var first = true;
        foreach (var name in s_pinnedMembers)
        {
            // Every occurrence of a member counts: a duplicate that one reader keeps and another drops must be pinned too.
            foreach (var member in definition.EnumerateObject())
            {
                if (!string.Equals(member.Name, name, StringComparison.Ordinal) || member.Value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                if (!first)
                {
                    text.Append(',');
                }

                first = false;
                CanonicalJson.WriteString(text, name);
                text.Append(':');
                CanonicalJson.Write(text, member.Value);
            }
        }

        return text.Append('}').ToString();
    }

    /// <summary>Computes the pin of a tool definition: the SHA-256 of its canonical form.</summary>
    /// <param name="tool">The definition.</param>
    /// <returns>The lowercase hexadecimal hash.</returns>
    public static string ComputeSha256(Tool tool) => Hash(ToCanonicalJson(tool));

    /// <summary>Computes the pin of a tool definition given as JSON.</summary>
    /// <param name="definition">The definition as a JSON object.</param>
    /// <returns>The lowercase hexadecimal hash.</returns>
    public static string ComputeSha256(JsonElement definition) => Hash(ToCanonicalJson(definition));

    /// <summary>Gets a tool definition as the JSON object the protocol sends.</summary>
    /// <param name="tool">The definition.</param>
    /// <returns>The JSON object.</returns>
    public static JsonElement Serialize(Tool tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        return JsonSerializer.SerializeToElement(tool, (JsonTypeInfo<Tool>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Tool)));
    }

    /// <summary>Reads a tool definition from the JSON object the protocol sends.</summary>
    /// <param name="definition">The JSON object.</param>
    /// <returns>The definition.</returns>
    public static Tool Deserialize(JsonElement definition) =>
        JsonSerializer.Deserialize(definition, (JsonTypeInfo<Tool>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Tool)))
        ?? throw new JsonException("A tool definition is a JSON object.");

    internal static string Hash(string canonical) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
}
