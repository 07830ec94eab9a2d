using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace AgentGuard.Core.Tests.Behavior.Traces;

/// <summary>A minimal reader of the FORMATS.md persona, catalog and users files for the trace corpus tests.</summary>
/// <remarks>Stand-in until the product's persona file reader lands; it maps the documented fields and nothing more.</remarks>
internal static class TracePolicyLoader
{
    public static GuardPolicy Load(string tracesDirectory)
    {
        var builder = new PolicyBuilder();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(tracesDirectory, "personas"), "*.yaml").Order(StringComparer.Ordinal))
        {
            builder.AddPersona(ReadPersona(Root(file)) with { Source = file });
        }

        foreach (var tool in Sequence(Root(Path.Combine(tracesDirectory, "catalog.yaml")), "tools"))
        {
            var map = (YamlMappingNode)tool;
            builder.AddCatalogTool(new CatalogTool
            {
                Name = Text(map, "name")!,
                Capabilities = Text(map, "capability") is { } one ? [one] : Strings(map, "capabilities"),
                Risk = ParseRisk(Text(map, "risk")) ?? ToolRisk.Low,
                Egress = Bool(map, "egress") ?? false,
                Sensitive = Bool(map, "sensitive") ?? false,
                Description = Text(map, "description"),
            });
        }

        var users = (YamlMappingNode)Root(Path.Combine(tracesDirectory, "users.yaml")).Children[new YamlScalarNode("users")];
        builder.UseUserTable();
        foreach (var (key, value) in users.Children)
        {
            var map = (YamlMappingNode)value;
            builder.AddUser(new UserEntitlement { UserId = ((YamlScalarNode)key).Value!, Tools = Strings(map, "tools"), Capabilities = Strings(map, "capabilities") });
        }

        return builder.Build();
    }

    private static Persona ReadPersona(YamlMappingNode map)
    {
        var tools = new List<ToolGrant>();
        foreach (var node in Sequence(map, "tools"))
        {
            var tool = (YamlMappingNode)node;
            Dictionary<string, ArgumentConstraint>? args = null;
            if (Child(tool, "args") is YamlMappingNode argMap)
            {
                args = [];
                foreach (var (name, constraintNode) in argMap.Children)
                {
                    var c = (YamlMappingNode)constraintNode;
                    args[((YamlScalarNode)name).Value!] = new ArgumentConstraint
                    {
                        Pattern = Text(c, "pattern"),
                        Enum = Child(c, "enum") is null ? null : Strings(c, "enum"),
                        Min = Number(c, "min"),
                        Max = Number(c, "max"),
                        MaxLength = (int?)Number(c, "max_length"),
                        AllowedDomains = Child(c, "allowed_domains") is null ? null : Strings(c, "allowed_domains"),
                        AllowedHosts = Child(c, "allowed_hosts") is null ? null : Strings(c, "allowed_hosts"),
                        DenyWildcards = Bool(c, "deny_wildcards") ?? false,
                        Required = Bool(c, "required") ?? false,
                    };
                }
            }

            RateLimit? rate = null;
            if (Child(tool, "rate") is YamlMappingNode r)
            {
                rate = new RateLimit { PerMinute = (int?)Number(r, "per_minute"), PerHour = (int?)Number(r, "per_hour") };
            }

            tools.Add(new ToolGrant { Name = Text(tool, "name")!, Risk = ParseRisk(Text(tool, "risk")), Egress = Bool(tool, "egress"), Args = args, Rate = rate });
        }

        var data = Child(map, "data") as YamlMappingNode;
        var behavior = Child(map, "behavior") as YamlMappingNode;
        var defaults = new BehaviorThresholds();
        return new Persona
        {
            Id = Text(map, "persona")!,
            Description = Text(map, "description")!,
            Owner = Text(map, "owner")!,
            Maturity = Text(map, "maturity") switch
            {
                "junior" => Maturity.Junior,
                "senior" => Maturity.Senior,
                "principal" => Maturity.Principal,
                _ => Maturity.Intern,
            },
            Capabilities = Strings(map, "capabilities"),
            Tools = tools,
            Data = data is null ? new DataEnvelope() : new DataEnvelope
            {
                MaxRecordsPerCall = (long?)Number(data, "max_records_per_call"),
                MaxRecordsPerHour = (long?)Number(data, "max_records_per_hour"),
                MaxDistinctResourcesPerHour = (long?)Number(data, "max_distinct_resources_per_hour"),
                MaxResultBytesPerCall = (long?)Number(data, "max_result_bytes_per_call"),
            },
            Workflows = [.. Sequence(map, "workflows").Select(static w => (IReadOnlyList<string>)[.. ((YamlSequenceNode)w).Children.Select(static s => ((YamlScalarNode)s).Value!)])],
            Behavior = behavior is null ? defaults : new BehaviorThresholds
            {
                AlertAt = Number(behavior, "alert_at") ?? defaults.AlertAt,
                ApprovalAt = Number(behavior, "approval_at") ?? defaults.ApprovalAt,
                HaltAt = Number(behavior, "halt_at") ?? defaults.HaltAt,
            },
        };
    }

    private static YamlMappingNode Root(string file)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(file));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string? Text(YamlMappingNode map, string key) => (Child(map, key) as YamlScalarNode)?.Value;

    private static double? Number(YamlMappingNode map, string key) =>
        Text(map, key) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : null;

    private static bool? Bool(YamlMappingNode map, string key) => Text(map, key) is { } text ? bool.Parse(text) : null;

    private static IEnumerable<YamlNode> Sequence(YamlMappingNode map, string key) =>
        Child(map, key) is YamlSequenceNode sequence ? sequence.Children : [];

    private static string[] Strings(YamlMappingNode map, string key) =>
        [.. Sequence(map, key).Select(static n => ((YamlScalarNode)n).Value!)];

    private static ToolRisk? ParseRisk(string? text) => text switch
    {
        "low" => ToolRisk.Low,
        "medium" => ToolRisk.Medium,
        "high" => ToolRisk.High,
        _ => null,
    };
}
