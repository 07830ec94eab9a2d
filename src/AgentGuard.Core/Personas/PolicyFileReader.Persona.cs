using YamlDotNet.RepresentationModel;

namespace AgentGuard;

internal static partial class PolicyFileReader
{
    private static readonly (string, Maturity)[] Maturities =
        [("intern", Maturity.Intern), ("junior", Maturity.Junior), ("senior", Maturity.Senior), ("principal", Maturity.Principal)];

    private static readonly (string, ToolRisk)[] Risks = [("low", ToolRisk.Low), ("medium", ToolRisk.Medium), ("high", ToolRisk.High)];

    private static readonly (string, LineageAction)[] LineageActions =
        [("allow", LineageAction.Allow), ("score", LineageAction.Score), ("approval", LineageAction.Approval), ("deny", LineageAction.Deny)];

    private static readonly (string, DlpAction)[] DlpActions = [("allow", DlpAction.Allow), ("redact", DlpAction.Redact), ("block", DlpAction.Block)];

    private static (Persona, PolicySourceMap)? ReadPersona(string path, YamlNode root, bool flagged, IReadOnlySet<long> placeholders, List<PolicyError> errors)
    {
        var r = new PolicyNodeReader(path, errors, placeholders);
        r.Record(string.Empty, root);
        var hint = root is YamlSequenceNode ? " (to hold several personas in one YAML file, separate them with ---)" : null;
        if (r.Fields(root, string.Empty, "a persona", PolicyFields.Persona, hint) is not { } f)
        {
            return null;
        }

        var id = f.RequiredString("persona");
        var description = f.RequiredString("description")?.TrimEnd();
        var owner = f.RequiredString("owner");
        var maturity = f.TryGet("maturity", out var node, out var p) ? r.Choice(node, p, Maturities) : Maturity.Intern;
        List<string>? capabilities = f.TryGet("capabilities", out node, out p) ? r.StringList(node, p, "capabilities") : [];
        List<ToolGrant>? tools = f.TryGet("tools", out node, out p) ? ReadGrants(r, node, p) : [];
        var data = f.TryGet("data", out node, out p) ? ReadData(r, node, p) : new DataEnvelope();
        List<IReadOnlyList<string>>? workflows = f.TryGet("workflows", out node, out p) ? ReadWorkflows(r, node, p) : [];
        var behavior = f.TryGet("behavior", out node, out p) ? ReadBehavior(r, node, p) : new BehaviorThresholds();
        var dlp = f.TryGet("dlp", out node, out p) ? ReadDlp(r, node, p) : new DlpPolicy();
        var lineage = f.TryGet("lineage", out node, out p) ? ReadLineage(r, node, p) : new LineagePolicy();

        if (flagged || r.ErrorCount > 0 || id is null || description is null || owner is null || maturity is null
            || capabilities is null || tools is null || data is null || workflows is null || behavior is null || dlp is null || lineage is null)
        {
            return null;
        }

        var persona = new Persona
        {
            Id = id,
            Description = description,
            Owner = owner,
            Maturity = maturity.Value,
            Capabilities = capabilities,
            Tools = tools,
            Data = data,
            Workflows = workflows,
            Behavior = behavior,
            Dlp = dlp,
            Lineage = lineage,
            Source = path,
        };
        return (persona, r.Map);
    }

    private static List<ToolGrant>? ReadGrants(PolicyNodeReader r, YamlNode node, string path)
    {
        if (r.Sequence(node, path, "tools") is not { } sequence)
        {
            return null;
        }

        var grants = new List<ToolGrant>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var itemPath = PolicyNodeReader.Index(path, i);
            r.Record(itemPath, sequence.Children[i]);
            if (ReadGrant(r, sequence.Children[i], itemPath) is { } grant)
            {
                grants.Add(grant);
            }
        }

        return grants;
    }

    private static ToolGrant? ReadGrant(PolicyNodeReader r, YamlNode node, string path)
    {
        var hint = node is YamlScalarNode s && !PolicyNodeReader.IsNull(s) ? $" (write '- name: {s.Value}')" : null;
        if (r.Fields(node, path, "a tool grant", PolicyFields.ToolGrant, hint) is not { } f)
        {
            return null;
        }

        var name = f.RequiredString("name");
        var risk = f.TryGet("risk", out var value, out var p) ? r.Choice(value, p, Risks) : null;
        var egress = f.TryGet("egress", out value, out p) ? r.Bool(value, p) : null;
        var args = f.TryGet("args", out value, out p) ? ReadArgs(r, value, p) : null;
        var rate = f.TryGet("rate", out value, out p) ? ReadRate(r, value, p) : null;
        return name is null ? null : new ToolGrant { Name = name, Risk = risk, Egress = egress, Args = args, Rate = rate };
    }

    private static Dictionary<string, ArgumentConstraint>? ReadArgs(PolicyNodeReader r, YamlNode node, string path)
    {
        if (r.Entries(node, path, "args") is not { } entries)
        {
            return null;
        }

        var args = new Dictionary<string, ArgumentConstraint>(entries.Count, StringComparer.Ordinal);
        foreach (var (name, value, argPath) in entries)
        {
            if (ReadConstraint(r, value, argPath) is { } constraint)
            {
                args[name] = constraint;
            }
        }

        return args;
    }

    private static ArgumentConstraint? ReadConstraint(PolicyNodeReader r, YamlNode node, string path)
    {
        var hint = node is YamlScalarNode s && PolicyNodeReader.IsNull(s) ? " (write {} to allow the argument without constraints)" : null;
        if (r.Fields(node, path, "an argument constraint", PolicyFields.ArgumentConstraint, hint) is not { } f)
        {
            return null;
        }

        return new ArgumentConstraint
        {
            Pattern = f.TryGet("pattern", out var value, out var p) ? r.String(value, p) : null,
            Enum = f.TryGet("enum", out value, out p) ? ReadEnum(r, value, p) : null,
            Min = f.TryGet("min", out value, out p) ? r.Number(value, p) : null,
            Max = f.TryGet("max", out value, out p) ? r.Number(value, p) : null,
            MaxLength = f.TryGet("max_length", out value, out p) ? (int?)r.Integer(value, p, 0, int.MaxValue) : null,
            AllowedDomains = f.TryGet("allowed_domains", out value, out p) ? r.StringList(value, p, "allowed_domains") : null,
            AllowedHosts = f.TryGet("allowed_hosts", out value, out p) ? r.StringList(value, p, "allowed_hosts") : null,
            DenyWildcards = f.TryGet("deny_wildcards", out value, out p) && r.Bool(value, p) == true,
            Required = f.TryGet("required", out value, out p) && r.Bool(value, p) == true,
        };
    }

    private static List<string>? ReadEnum(PolicyNodeReader r, YamlNode node, string path)
    {
        var hint = node is YamlScalarNode s && !PolicyNodeReader.IsNull(s) ? $" (write [{s.Value}])" : null;
        if (r.Sequence(node, path, "enum", hint) is not { } sequence)
        {
            return null;
        }

        var values = new List<string>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var itemPath = PolicyNodeReader.Index(path, i);
            r.Record(itemPath, sequence.Children[i]);
            if (r.EnumValue(sequence.Children[i], itemPath) is { } value)
            {
                values.Add(value);
            }
        }

        return values;
    }

    private static RateLimit? ReadRate(PolicyNodeReader r, YamlNode node, string path)
    {
        if (r.Fields(node, path, "a rate", PolicyFields.Rate) is not { } f)
        {
            return null;
        }

        return new RateLimit
        {
            PerMinute = f.TryGet("per_minute", out var value, out var p) ? (int?)r.Integer(value, p, 1, int.MaxValue) : null,
            PerHour = f.TryGet("per_hour", out value, out p) ? (int?)r.Integer(value, p, 1, int.MaxValue) : null,
        };
    }

    private static DataEnvelope? ReadData(PolicyNodeReader r, YamlNode node, string path)
    {
        if (r.Fields(node, path, "data", PolicyFields.Data) is not { } f)
        {
            return null;
        }

        return new DataEnvelope
        {
            MaxRecordsPerCall = Read("max_records_per_call"),
            MaxRecordsPerHour = Read("max_records_per_hour"),
            MaxDistinctResourcesPerHour = Read("max_distinct_resources_per_hour"),
            MaxResultBytesPerCall = Read("max_result_bytes_per_call"),
        };

        long? Read(string name) => f.TryGet(name, out var value, out var p) ? r.Integer(value, p, 0, long.MaxValue) : null;
    }

    private static List<IReadOnlyList<string>>? ReadWorkflows(PolicyNodeReader r, YamlNode node, string path)
    {
        if (r.Sequence(node, path, "workflows") is not { } sequence)
        {
            return null;
        }

        var workflows = new List<IReadOnlyList<string>>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var itemPath = PolicyNodeReader.Index(path, i);
            r.Record(itemPath, sequence.Children[i]);
            if (r.StringList(sequence.Children[i], itemPath, "a workflow") is { } steps)
            {
                workflows.Add(steps);
            }
        }

        return workflows;
    }

    private static BehaviorThresholds? ReadBehavior(PolicyNodeReader r, YamlNode node, string path)
    {
        if (r.Fields(node, path, "behavior", PolicyFields.Behavior) is not { } f)
        {
            return null;
        }

        var defaults = new BehaviorThresholds();
        return new BehaviorThresholds
        {
            AlertAt = (f.TryGet("alert_at", out var value, out var p) ? r.Number(value, p) : null) ?? defaults.AlertAt,
            ApprovalAt = (f.TryGet("approval_at", out value, out p) ? r.Number(value, p) : null) ?? defaults.ApprovalAt,
            HaltAt = (f.TryGet("halt_at", out value, out p) ? r.Number(value, p) : null) ?? defaults.HaltAt,
        };
    }

    private static DlpPolicy? ReadDlp(PolicyNodeReader r, YamlNode node, string path)
    {
        if (r.Fields(node, path, "dlp", PolicyFields.Dlp) is not { } f)
        {
            return null;
        }

        var defaults = new DlpPolicy();
        return new DlpPolicy
        {
            EgressArgs = (f.TryGet("egress_args", out var value, out var p) ? r.Choice(value, p, DlpActions) : null) ?? defaults.EgressArgs,
            Args = (f.TryGet("args", out value, out p) ? r.Choice(value, p, DlpActions) : null) ?? defaults.Args,
            Results = (f.TryGet("results", out value, out p) ? r.Choice(value, p, DlpActions) : null) ?? defaults.Results,
        };
    }

    private static LineagePolicy? ReadLineage(PolicyNodeReader r, YamlNode node, string path)
    {
        if (r.Fields(node, path, "lineage", PolicyFields.Lineage) is not { } f)
        {
            return null;
        }

        var defaults = new LineagePolicy();
        List<string>? trusted = f.TryGet("trusted", out var value, out var p) ? r.StringList(value, p, "trusted") : [];
        double? score = f.TryGet("score", out value, out p) ? r.Number(value, p) : defaults.Score;
        if (trusted is null || score is null)
        {
            return null;
        }

        return new LineagePolicy
        {
            User = Action("user"),
            Persona = Action("persona"),
            NamedResult = Action("named_result"),
            ToolResult = Action("tool_result"),
            Unknown = Action("unknown"),
            Score = score.Value,
            Trusted = trusted.Count > 0 ? trusted : Array.Empty<string>(),
        };

        LineageAction? Action(string name) => f.TryGet(name, out var v, out var at) ? r.Choice(v, at, LineageActions) : null;
    }
}
