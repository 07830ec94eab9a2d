using System.Collections.Frozen;
using System.Text.Json;

namespace AgentGuard;

/// <summary>Picks the argument values lineage classifies: catalog-marked arguments of any tool; on egress and high-risk
/// tools, arguments whose names say destination (<c>to</c>, <c>recipient</c>, <c>url</c>, <c>iban</c>, <c>amount</c>…) and
/// any value that is on its own an e-mail address, URL or IBAN. Free text (a body, a subject) is not classified.</summary>
internal static class LineageArgumentSelector
{
    private const int MaxDepth = 4;
    private const int MaxLeaves = 64;
    private const int MaxJoinLength = 256;

    private static readonly FrozenSet<string> s_destinationWords = FrozenSet.ToFrozenSet(
        [
            "to", "cc", "bcc", "recipient", "recipients", "email", "emails", "mail", "address", "addresses", "addr", "url", "urls",
            "uri", "link", "href", "endpoint", "webhook", "callback", "host", "hostname", "domain", "server", "destination", "dest",
            "target", "iban", "account", "bic", "swift", "payee", "beneficiary", "creditor", "amount", "sum", "share", "grantee",
            "invitee", "invitees", "attendee", "attendees", "wallet", "bucket", "upload", "forward", "phone", "sms",
        ],
        StringComparer.Ordinal);

    /// <summary>One leaf value of the arguments.</summary>
    public sealed record Leaf(string Path, string TopName, JsonElement Value, bool Selected, string? Part = null)
    {
        /// <summary>Gets the value as text, or <see langword="null"/> for a number.</summary>
        public string? Text => Part ?? (Value.ValueKind == JsonValueKind.String ? Value.GetString() : null);
    }

    public static bool Applies(ResolvedTool tool) =>
        tool.Egress || tool.Risk == ToolRisk.High || tool.CatalogTool?.LineageArguments.Count > 0;

    public static List<Leaf> Collect(ResolvedTool tool, JsonElement arguments)
    {
        var leaves = new List<Leaf>();
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            return leaves;
        }

        var outward = tool.Egress || tool.Risk == ToolRisk.High;
        var marked = tool.CatalogTool?.LineageArguments ?? [];
        foreach (var property in arguments.EnumerateObject())
        {
            var isMarked = Contains(marked, property.Name);
            if (!isMarked && !outward)
            {
                continue;
            }

            var named = isMarked || IsDestinationName(property.Name);
            Walk(property.Value, CompiledArguments.Printable(property.Name), property.Name, named, leaves, 0);
        }

        return leaves;
    }

    /// <summary>Whether an argument name says destination: one of its words (split at <c>_ - .</c> and case changes) is a destination word.</summary>
    public static bool IsDestinationName(string name)
    {
        var start = 0;
        for (var i = 1; i <= name.Length; i++)
        {
            var boundary = i == name.Length || name[i] is '_' or '-' or '.' or ' ' || (char.IsUpper(name[i]) && char.IsLower(name[i - 1]));
            if (!boundary)
            {
                continue;
            }

            var word = name[start..i].Trim('_', '-', '.', ' ').ToLowerInvariant();
            if (word.Length > 0 && s_destinationWords.Contains(word))
            {
                return true;
            }

            start = i;
        }

        return false;
    }

    /// <summary>Whether a leaf value is short enough to be half of a split value.</summary>
    public static bool Joinable(Leaf leaf) =>
        leaf.Text is { Length: > 0 and <= MaxJoinLength } text && !text.Contains('\n', StringComparison.Ordinal);

    private static void Walk(JsonElement value, string path, string top, bool named, List<Leaf> leaves, int depth)
    {
        if (leaves.Count >= MaxLeaves)
        {
            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String when SplitList(value.GetString()!) is { } parts:
                // "bob@contoso.example, attacker@evil.test": each address is its own value.
                for (var p = 0; p < parts.Length && leaves.Count < MaxLeaves; p++)
                {
                    leaves.Add(new Leaf($"{path}[{p}]", top, value, named, parts[p]));
                }

                break;
            case JsonValueKind.String or JsonValueKind.Number:
                leaves.Add(new Leaf(path, top, value, named));
                break;
            case JsonValueKind.Array when depth < MaxDepth:
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Walk(item, $"{path}[{i++}]", top, named, leaves, depth + 1);
                }

                break;
            case JsonValueKind.Object when depth < MaxDepth:
                foreach (var property in value.EnumerateObject())
                {
                    Walk(property.Value, path + "." + CompiledArguments.Printable(property.Name), top, named || IsDestinationName(property.Name), leaves, depth + 1);
                }

                break;
        }
    }

    private static string[]? SplitList(string value)
    {
        if (value.IndexOfAny([',', ';']) < 0 || value.Length > 4096)
        {
            return null;
        }

        var parts = value.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > 1 && parts.All(static p => LineageNormalizer.Email(p) is not null) ? parts : null;
    }

    private static bool Contains(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal) || names[i] == "*")
            {
                return true;
            }
        }

        return false;
    }
}
