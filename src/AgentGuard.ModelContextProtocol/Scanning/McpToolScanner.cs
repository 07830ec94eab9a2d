using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace AgentGuard;

/// <summary>Scans MCP tool definitions for tool poisoning: text in names, descriptions, schemas and annotations that is
/// aimed at the model rather than at the person reading it.</summary>
/// <remarks>
/// <para>Every string of the definition is scanned — the description, the title, every property name, description,
/// default, enum value and example of the input and output schemas, and the annotations — after removing invisible
/// characters, folding look-alike letters and compatibility forms (NFKC), lowercasing and collapsing whitespace, so
/// that <c>ig&#x200B;nore  PREVIOUS</c> reads as <c>ignore previous</c>. Hidden payloads (Unicode tag characters,
/// base64 blobs) are decoded and scanned too; an instruction found inside one is always high severity.</para>
/// <para>The rules (ids <c>mcp.poison.*</c>): hidden instruction blocks such as <c>&lt;IMPORTANT&gt;</c>; attempts to
/// override earlier instructions; concealment from the user; references to credential files and other clients'
/// configuration (<c>~/.ssh</c>, <c>id_rsa</c>, <c>.env</c>, <c>mcp.json</c>); references to other servers' tools
/// (shadowing); parameters whose description asks for file contents, the conversation or secrets; invisible,
/// bidirectional and tag characters; long encoded blobs; instructions to send data somewhere; look-alike letters from
/// other scripts; pressure words; oversized descriptions. Thread-safe and allocation-light enough to run on every
/// <c>tools/list</c>.</para>
/// </remarks>
public static partial class McpToolScanner
{
    /// <summary>Texts longer than this are scanned up to this length, and the rest is reported.</summary>
    public const int MaxScannedLength = 64 * 1024;

    /// <summary>Scans one tool definition.</summary>
    /// <param name="tool">The definition.</param>
    /// <param name="otherToolNames">The names of other servers' tools (bare and <c>server.tool</c>), to find shadowing.</param>
    /// <returns>The findings, most severe first.</returns>
    public static IReadOnlyList<McpScanFinding> Scan(Tool tool, IReadOnlyCollection<string>? otherToolNames = null)
    {
        ArgumentNullException.ThrowIfNull(tool);
        return Scan(McpToolCanonicalForm.Serialize(tool), otherToolNames);
    }

    /// <summary>Scans one tool definition given as JSON (as in a <c>tools/list</c> result).</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="otherToolNames">The names of other servers' tools (bare and <c>server.tool</c>), to find shadowing.</param>
    /// <returns>The findings, most severe first.</returns>
    public static IReadOnlyList<McpScanFinding> Scan(JsonElement definition, IReadOnlyCollection<string>? otherToolNames = null)
    {
        if (definition.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("A tool definition is a JSON object.", nameof(definition));
        }

        var name = definition.TryGetProperty("name", out var nameElement) && nameElement.ValueKind == JsonValueKind.String
            ? nameElement.GetString() ?? string.Empty
            : string.Empty;
        var scan = new ScanState(name, otherToolNames);
        foreach (var member in definition.EnumerateObject())
        {
            if (McpToolCanonicalForm.PinnedMembers.Contains(member.Name, StringComparer.Ordinal))
            {
                Walk(scan, member.Value, "$." + member.Name, TextRole.Text, member.Name == "inputSchema");
            }
        }

        if (definition.TryGetProperty("description", out var description) && description.ValueKind == JsonValueKind.String
            && description.GetString()!.Length > OversizedDescription)
        {
            scan.Add("mcp.poison.oversized_description", McpFindingSeverity.Low, "$.description",
                $"the description is {description.GetString()!.Length} characters long: room for instructions people will not read", string.Empty);
        }

        return scan.Results();
    }

    /// <summary>Gets the highest severity among findings, or <see langword="null"/> when there are none.</summary>
    /// <param name="findings">The findings.</param>
    /// <returns>The highest severity.</returns>
    public static McpFindingSeverity? HighestSeverity(IEnumerable<McpScanFinding> findings) =>
        findings?.Select(static f => (McpFindingSeverity?)f.Severity).DefaultIfEmpty(null).Max();

    private static void Walk(ScanState scan, JsonElement element, string location, TextRole role, bool inInputSchema)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                ScanText(scan, element.GetString()!, location, role);
                break;
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    var child = $"{location}.{member.Name}";
                    ScanText(scan, member.Name, child, TextRole.Key);
                    var childRole = inInputSchema && member.Name is "description" or "title" && location.Contains(".properties.", StringComparison.Ordinal)
                        ? TextRole.ParameterDescription
                        : TextRole.Text;
                    Walk(scan, member.Value, child, childRole, inInputSchema);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(scan, item, $"{location}[{index++}]", role, inInputSchema);
                }

                break;
        }
    }
}
