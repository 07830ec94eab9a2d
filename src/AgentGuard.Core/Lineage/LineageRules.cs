namespace AgentGuard;

/// <summary>The rule ids lineage records, one per class.</summary>
internal static class LineageRules
{
    public const string User = "lineage.user";
    public const string Persona = "lineage.persona";
    public const string NamedResult = "lineage.named_result";
    public const string ToolResult = "lineage.tool_result";
    public const string Unknown = "lineage.unknown";

    /// <summary>The <see cref="GuardContext.Items"/> key carrying the weight a <c>score</c> finding adds to behavior.</summary>
    public const string ScoreItem = "lineage.score";

    /// <summary>The <see cref="GuardContext.Items"/> key carrying the reason of that weight.</summary>
    public const string ScoreReasonItem = "lineage.score_reason";

    public static string For(LineageOrigin origin) => origin switch
    {
        LineageOrigin.User => User,
        LineageOrigin.Persona => Persona,
        LineageOrigin.NamedResult => NamedResult,
        LineageOrigin.ToolResult => ToolResult,
        _ => Unknown,
    };
}
