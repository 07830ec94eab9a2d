namespace AgentGuard;

/// <summary>The field names each kind of mapping in a persona, catalog or users file accepts (FORMATS.md).</summary>
/// <remarks>
/// The readers refuse any other field, and <c>schemas/persona.schema.json</c> must list exactly these names; a test walks
/// both. Order is the documented order, used in "allowed fields" messages.
/// </remarks>
internal static class PolicyFields
{
    /// <summary>The top level of a persona.</summary>
    public static readonly string[] Persona =
        ["persona", "description", "owner", "maturity", "capabilities", "tools", "data", "workflows", "behavior", "dlp", "lineage"];

    /// <summary>One entry of a persona's <c>tools</c>.</summary>
    public static readonly string[] ToolGrant = ["name", "risk", "egress", "args", "rate"];

    /// <summary>The constraints on one argument (<c>tools[i].args.NAME</c>).</summary>
    public static readonly string[] ArgumentConstraint =
        ["pattern", "enum", "min", "max", "max_length", "allowed_domains", "allowed_hosts", "deny_wildcards", "required"];

    /// <summary>A tool grant's <c>rate</c>.</summary>
    public static readonly string[] Rate = ["per_minute", "per_hour"];

    /// <summary>A persona's <c>data</c> envelope.</summary>
    public static readonly string[] Data =
        ["max_records_per_call", "max_records_per_hour", "max_distinct_resources_per_hour", "max_result_bytes_per_call"];

    /// <summary>A persona's <c>behavior</c> thresholds.</summary>
    public static readonly string[] Behavior = ["alert_at", "approval_at", "halt_at"];

    /// <summary>A persona's <c>dlp</c> actions.</summary>
    public static readonly string[] Dlp = ["egress_args", "args", "results"];

    /// <summary>A persona's <c>lineage</c> section.</summary>
    public static readonly string[] Lineage = ["user", "persona", "named_result", "tool_result", "unknown", "score", "trusted"];

    /// <summary>The top level of a catalog file.</summary>
    public static readonly string[] Catalog = ["tools"];

    /// <summary>One entry of a catalog's <c>tools</c>.</summary>
    public static readonly string[] CatalogTool = ["name", "capability", "capabilities", "risk", "egress", "sensitive", "lineage", "description"];

    /// <summary>The top level of a users file.</summary>
    public static readonly string[] UsersFile = ["users"];

    /// <summary>One user's entry (<c>users.ID</c>).</summary>
    public static readonly string[] User = ["tools", "capabilities"];
}
