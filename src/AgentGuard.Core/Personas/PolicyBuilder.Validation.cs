using System.Collections.Frozen;
using System.Globalization;

namespace AgentGuard;

public sealed partial class PolicyBuilder
{
    private void Validate(List<PolicyError> problems, out GuardPolicy? policy)
    {
        policy = null;
        var catalog = new Dictionary<string, CatalogTool>(StringComparer.Ordinal);
        foreach (var (tool, map, path) in _catalog)
        {
            if (string.IsNullOrWhiteSpace(tool.Name))
            {
                problems.Add(Locate(map, path + ".name", "tool name is required"));
            }
            else if (!catalog.TryAdd(tool.Name, tool))
            {
                problems.Add(Locate(map, path + ".name", $"tool '{tool.Name}' is declared twice in the catalog"));
            }

            for (var i = 0; i < tool.LineageArguments.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(tool.LineageArguments[i]))
                {
                    problems.Add(Locate(map, $"{path}.lineage[{i}]", "argument name is empty"));
                }
            }
        }

        var catalogCapabilities = catalog.Values.SelectMany(static t => t.Capabilities).ToHashSet(StringComparer.Ordinal);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (persona, map) in _personas)
        {
            ValidatePersona(persona, map, catalog, catalogCapabilities, problems);
            var where = map?.File ?? "code";
            if (!string.IsNullOrEmpty(persona.Id) && !seen.TryAdd(persona.Id, where))
            {
                problems.Add(Locate(map, "persona", $"duplicate persona id '{persona.Id}' (also defined in {seen[persona.Id]})"));
            }
        }

        var userIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (user, map, path) in _users)
        {
            if (string.IsNullOrWhiteSpace(user.UserId))
            {
                problems.Add(Locate(map, path, "user id is required"));
                continue;
            }

            if (!userIds.Add(user.UserId))
            {
                problems.Add(Locate(map, path, $"user '{user.UserId}' is listed twice"));
            }

            for (var i = 0; i < user.Tools.Count; i++)
            {
                var pattern = user.Tools[i];
                if (string.IsNullOrWhiteSpace(pattern))
                {
                    problems.Add(Locate(map, $"{path}.tools[{i}]", "tool name is empty"));
                }
                else if (catalog.Count > 0 && !catalog.Keys.Any(name => Glob.IsMatch(pattern, name)))
                {
                    problems.Add(Locate(map, $"{path}.tools[{i}]", $"'{pattern}' matches no tool in the catalog", PolicySeverity.Warning));
                }
            }

            for (var i = 0; i < user.Capabilities.Count; i++)
            {
                if (catalog.Count > 0 && !catalogCapabilities.Contains(user.Capabilities[i]))
                {
                    problems.Add(Locate(map, $"{path}.capabilities[{i}]", $"capability '{user.Capabilities[i]}' selects no tool in the catalog", PolicySeverity.Warning));
                }
            }
        }

        if (problems.Exists(static e => e.Severity == PolicySeverity.Error))
        {
            return;
        }

        var frozenCatalog = catalog.ToFrozenDictionary(StringComparer.Ordinal);
        IUserEntitlements? table = _hasUserTable ? new UserTable(_users.Select(static u => u.User)) : null;
        policy = new GuardPolicy(
            _personas.Select(static p => p.Persona),
            frozenCatalog,
            table,
            _entitlements,
            [.. problems.Where(static p => p.Severity == PolicySeverity.Warning)]);
    }

    private static void ValidatePersona(
        Persona persona,
        PolicySourceMap? map,
        Dictionary<string, CatalogTool> catalog,
        HashSet<string> catalogCapabilities,
        List<PolicyError> problems)
    {
        if (string.IsNullOrEmpty(persona.Id) || !PersonaIdRegex().IsMatch(persona.Id))
        {
            problems.Add(Locate(map, "persona", $"persona id '{persona.Id}' must match [a-z0-9][a-z0-9._-]*"));
        }

        if (string.IsNullOrWhiteSpace(persona.Description))
        {
            problems.Add(Locate(map, "description", "description is required"));
        }

        if (string.IsNullOrWhiteSpace(persona.Owner))
        {
            problems.Add(Locate(map, "owner", "owner is required"));
        }

        if (!Enum.IsDefined(persona.Maturity))
        {
            problems.Add(Locate(map, "maturity", "maturity must be intern, junior, senior or principal"));
        }

        for (var i = 0; i < persona.Capabilities.Count; i++)
        {
            var capability = persona.Capabilities[i];
            if (string.IsNullOrWhiteSpace(capability))
            {
                problems.Add(Locate(map, $"capabilities[{i}]", "capability is empty"));
            }
            else if (catalog.Count > 0 && !catalogCapabilities.Contains(capability))
            {
                problems.Add(Locate(map, $"capabilities[{i}]", $"capability '{capability}' selects no tool in the catalog", PolicySeverity.Warning));
            }
        }

        var grantNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < persona.Tools.Count; i++)
        {
            ValidateGrant(persona.Tools[i], $"tools[{i}]", map, catalog, grantNames, problems);
        }

        ValidateData(persona.Data, map, problems);
        ValidateThresholds(persona.Behavior, map, problems);
        ValidateLineage(persona.Lineage, map, problems);

        for (var w = 0; w < persona.Workflows.Count; w++)
        {
            var workflow = persona.Workflows[w];
            if (workflow.Count == 0)
            {
                problems.Add(Locate(map, $"workflows[{w}]", "workflow is empty"));
                continue;
            }

            for (var s = 0; s < workflow.Count; s++)
            {
                var step = workflow[s];
                if (string.IsNullOrWhiteSpace(step))
                {
                    problems.Add(Locate(map, $"workflows[{w}][{s}]", "workflow step is empty"));
                }
                else if (!IsInScope(persona, step, catalog))
                {
                    problems.Add(Locate(map, $"workflows[{w}][{s}]", $"workflow step '{step}' is not a tool of this persona", PolicySeverity.Warning));
                }
            }
        }
    }

    private static void ValidateGrant(ToolGrant grant, string path, PolicySourceMap? map, Dictionary<string, CatalogTool> catalog, HashSet<string> names, List<PolicyError> problems)
    {
        if (string.IsNullOrWhiteSpace(grant.Name))
        {
            problems.Add(Locate(map, path + ".name", "tool name is required"));
            return;
        }

        if (grant.Name.Any(char.IsWhiteSpace))
        {
            problems.Add(Locate(map, path + ".name", $"tool name '{grant.Name}' contains whitespace"));
        }

        if (!names.Add(grant.Name))
        {
            problems.Add(Locate(map, path + ".name", $"tool '{grant.Name}' is granted twice"));
        }

        if (catalog.Count > 0 && !catalog.Keys.Any(name => Glob.IsMatch(grant.Name, name)))
        {
            problems.Add(Locate(map, path + ".name", $"'{grant.Name}' matches no tool in the catalog", PolicySeverity.Warning));
        }

        if (grant.Risk is { } risk && !Enum.IsDefined(risk))
        {
            problems.Add(Locate(map, path + ".risk", "risk must be low, medium or high"));
        }

        if (grant.Rate is { } rate)
        {
            if (rate.PerMinute is <= 0)
            {
                problems.Add(Locate(map, path + ".rate.per_minute", "per_minute must be a positive integer"));
            }

            if (rate.PerHour is <= 0)
            {
                problems.Add(Locate(map, path + ".rate.per_hour", "per_hour must be a positive integer"));
            }

            if (rate is { PerMinute: { } perMinute, PerHour: { } perHour } && perMinute > perHour)
            {
                problems.Add(Locate(map, path + ".rate.per_minute", "per_minute is larger than per_hour", PolicySeverity.Warning));
            }
        }

        if (grant.Args is null)
        {
            return;
        }

        foreach (var (name, constraint) in grant.Args)
        {
            var argPath = $"{path}.args.{name}";
            if (string.IsNullOrWhiteSpace(name))
            {
                problems.Add(Locate(map, argPath, "argument name is empty"));
            }

            ValidateConstraint(constraint, argPath, map, problems);
        }
    }

    private static void ValidateConstraint(ArgumentConstraint c, string path, PolicySourceMap? map, List<PolicyError> problems)
    {
        if (c.Pattern is not null)
        {
            if (!SafeRegex.TryValidate(c.Pattern, out var error))
            {
                problems.Add(Locate(map, path + ".pattern", $"invalid regular expression: {error}"));
            }
            else if (!c.Pattern.StartsWith('^') && !c.Pattern.StartsWith("\\A", StringComparison.Ordinal))
            {
                problems.Add(Locate(map, path + ".pattern", "pattern is not anchored with ^ and $, so it matches anywhere in the value", PolicySeverity.Warning));
            }
        }

        if (c.Enum is { Count: 0 })
        {
            problems.Add(Locate(map, path + ".enum", "enum lists no values"));
        }

        if (c.Min is { } min && c.Max is { } max && min > max)
        {
            problems.Add(Locate(map, path + ".min", string.Create(CultureInfo.InvariantCulture, $"min ({min}) is greater than max ({max})")));
        }

        if (c.Min is { } m && (double.IsNaN(m) || double.IsInfinity(m)))
        {
            problems.Add(Locate(map, path + ".min", "min must be a finite number"));
        }

        if (c.Max is { } x && (double.IsNaN(x) || double.IsInfinity(x)))
        {
            problems.Add(Locate(map, path + ".max", "max must be a finite number"));
        }

        if (c.MaxLength is < 0)
        {
            problems.Add(Locate(map, path + ".max_length", "max_length must not be negative"));
        }

        if (c.AllowedDomains is { } domains)
        {
            if (domains.Count == 0)
            {
                problems.Add(Locate(map, path + ".allowed_domains", "allowed_domains lists no domains"));
            }

            for (var i = 0; i < domains.Count; i++)
            {
                if (DomainList.NormalizeDomain(domains[i].Trim().TrimStart('@')) is null)
                {
                    problems.Add(Locate(map, $"{path}.allowed_domains[{i}]", $"'{domains[i]}' is not a valid domain"));
                }
            }
        }

        if (c.AllowedHosts is { } hosts)
        {
            if (hosts.Count == 0)
            {
                problems.Add(Locate(map, path + ".allowed_hosts", "allowed_hosts lists no hosts"));
            }

            for (var i = 0; i < hosts.Count; i++)
            {
                var host = hosts[i].Trim();
                if (host.Length == 0 || host.Contains('/', StringComparison.Ordinal) || host.Contains('@', StringComparison.Ordinal) || host.Any(char.IsWhiteSpace))
                {
                    problems.Add(Locate(map, $"{path}.allowed_hosts[{i}]", $"'{hosts[i]}' is not a host (write a host name, *.domain or host:port, not a URL)"));
                }
            }
        }
    }

    private static void ValidateData(DataEnvelope data, PolicySourceMap? map, List<PolicyError> problems)
    {
        Check(data.MaxRecordsPerCall, "data.max_records_per_call");
        Check(data.MaxRecordsPerHour, "data.max_records_per_hour");
        Check(data.MaxDistinctResourcesPerHour, "data.max_distinct_resources_per_hour");
        Check(data.MaxResultBytesPerCall, "data.max_result_bytes_per_call");

        void Check(long? value, string path)
        {
            if (value is < 0)
            {
                problems.Add(Locate(map, path, "must not be negative"));
            }
        }
    }

    private static void ValidateThresholds(BehaviorThresholds t, PolicySourceMap? map, List<PolicyError> problems)
    {
        if (t.AlertAt <= 0 || double.IsNaN(t.AlertAt))
        {
            problems.Add(Locate(map, "behavior.alert_at", "alert_at must be positive"));
        }

        if (t.ApprovalAt < t.AlertAt)
        {
            problems.Add(Locate(map, "behavior.approval_at", "approval_at must not be below alert_at"));
        }

        if (t.HaltAt < t.ApprovalAt)
        {
            problems.Add(Locate(map, "behavior.halt_at", "halt_at must not be below approval_at"));
        }
    }

    private static void ValidateLineage(LineagePolicy lineage, PolicySourceMap? map, List<PolicyError> problems)
    {
        if (lineage is null)
        {
            problems.Add(Locate(map, "lineage", "lineage must not be null"));
            return;
        }

        if (!(lineage.Score > 0) || double.IsInfinity(lineage.Score))
        {
            problems.Add(Locate(map, "lineage.score", "score must be a positive number"));
        }

        for (var i = 0; i < lineage.Trusted.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(lineage.Trusted[i]))
            {
                problems.Add(Locate(map, $"lineage.trusted[{i}]", "trusted value is empty"));
            }
        }

        if (lineage.User is > LineageAction.Score)
        {
            problems.Add(Locate(map, "lineage.user", "values the user asked for would need approval or be refused: every call the user asks for is stopped", PolicySeverity.Warning));
        }

        Check(lineage.User, "user");
        Check(lineage.Persona, "persona");
        Check(lineage.NamedResult, "named_result");
        Check(lineage.ToolResult, "tool_result");
        Check(lineage.Unknown, "unknown");

        void Check(LineageAction? action, string field)
        {
            if (action is { } a && !Enum.IsDefined(a))
            {
                problems.Add(Locate(map, "lineage." + field, "must be one of allow, score, approval, deny"));
            }
        }
    }

    private static bool IsInScope(Persona persona, string tool, Dictionary<string, CatalogTool> catalog)
    {
        foreach (var grant in persona.Tools)
        {
            if (Glob.IsMatch(grant.Name, tool))
            {
                return true;
            }
        }

        return catalog.TryGetValue(tool, out var entry) && entry.Capabilities.Any(persona.Capabilities.Contains);
    }

    private static PolicyError Locate(PolicySourceMap? map, string path, string message, PolicySeverity severity = PolicySeverity.Error) =>
        map?.Error(path, message, severity) ?? new PolicyError(null, null, null, path, message, severity);
}
