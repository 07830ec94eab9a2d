using YamlDotNet.RepresentationModel;

namespace AgentGuard;

internal static partial class PolicyFileReader
{
    private static (IReadOnlyList<CatalogTool>, PolicySourceMap) ReadCatalogDocument(
        string path, LoadedDocument document, IReadOnlySet<long> placeholders, List<PolicyError> errors)
    {
        var r = new PolicyNodeReader(path, errors, placeholders);
        r.Record(string.Empty, document.Root);
        if (r.Fields(document.Root, string.Empty, "a catalog", PolicyFields.Catalog, " (write tools: followed by a list of tools)") is not { } f)
        {
            return ([], r.Map);
        }

        if (!f.TryGet("tools", out var node, out var p))
        {
            r.Error(f.Mapping, p, "required field 'tools' is missing");
            return ([], r.Map);
        }

        if (r.Sequence(node, p, "tools") is not { } sequence)
        {
            return ([], r.Map);
        }

        var tools = new List<CatalogTool>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var itemPath = PolicyNodeReader.Index(p, i);
            r.Record(itemPath, sequence.Children[i]);
            if (ReadCatalogTool(r, sequence.Children[i], itemPath) is { } tool)
            {
                tools.Add(tool);
            }
        }

        return document.HasErrors || r.ErrorCount > 0 ? ([], r.Map) : (tools, r.Map);
    }

    private static CatalogTool? ReadCatalogTool(PolicyNodeReader r, YamlNode node, string path)
    {
        var hint = node is YamlScalarNode s && !PolicyNodeReader.IsNull(s) ? $" (write '- name: {s.Value}')" : null;
        if (r.Fields(node, path, "a catalog tool", PolicyFields.CatalogTool, hint) is not { } f)
        {
            return null;
        }

        var name = f.RequiredString("name");
        List<string>? capabilities = [];
        if (f.TryGet("capability", out var value, out var p))
        {
            capabilities = ReadCapabilities(r, value, p);
        }

        if (f.TryGet("capabilities", out value, out p))
        {
            if (f.Has("capability"))
            {
                r.Error(value, p, "write either capability or capabilities, not both");
            }

            capabilities = ReadCapabilities(r, value, p);
        }

        var risk = f.TryGet("risk", out value, out p) ? r.Choice(value, p, Risks) : ToolRisk.Low;
        var egress = f.TryGet("egress", out value, out p) ? r.Bool(value, p) : false;
        var sensitive = f.TryGet("sensitive", out value, out p) ? r.Bool(value, p) : false;
        var description = f.TryGet("description", out value, out p) ? r.String(value, p) : null;
        List<string>? lineage = f.TryGet("lineage", out value, out p) ? r.StringList(value, p, "lineage") : [];
        if (name is null || capabilities is null || risk is null || egress is null || sensitive is null || lineage is null)
        {
            return null;
        }

        return new CatalogTool
        {
            Name = name,
            Capabilities = capabilities,
            Risk = risk.Value,
            Egress = egress.Value,
            Sensitive = sensitive.Value,
            LineageArguments = lineage.Count > 0 ? lineage : Array.Empty<string>(),
            Description = description?.TrimEnd(),
        };
    }

    // A catalog tool serves one capability (a string) or several (a list).
    private static List<string>? ReadCapabilities(PolicyNodeReader r, YamlNode node, string path)
    {
        if (node is YamlScalarNode scalar && !PolicyNodeReader.IsNull(scalar))
        {
            return [scalar.Value ?? string.Empty];
        }

        return r.StringList(node, path, path[(path.LastIndexOf('.') + 1)..]);
    }
}
