namespace AgentGuard;

/// <summary>Maturity × risk: intern — every call; junior — medium and high; senior — high; principal — none.</summary>
internal sealed class ApprovalCheck : IGuardCheck
{
    public string Name => "approval";

    public int Order => GuardCheckOrder.Approval;

    public bool RunsAfterDenial => false;

    public ValueTask CheckAsync(GuardContext context, CancellationToken cancellationToken)
    {
        if (context.Tool is not { } tool || context.Persona is not { } persona)
        {
            return default;
        }

        if (NeedsApproval(persona.Persona.Maturity, tool.Risk))
        {
            context.RequireApproval(
                "approval.maturity",
                $"{Word(persona.Persona.Maturity)} persona '{persona.Id}' needs human approval for {Word(tool.Risk)}-risk tool '{tool.Name}'");
        }

        return default;
    }

    internal static bool NeedsApproval(Maturity maturity, ToolRisk risk) => maturity switch
    {
        Maturity.Intern => true,
        Maturity.Junior => risk >= ToolRisk.Medium,
        Maturity.Senior => risk >= ToolRisk.High,
        _ => false,
    };

    private static string Word(Maturity maturity) => maturity switch
    {
        Maturity.Intern => "intern",
        Maturity.Junior => "junior",
        Maturity.Senior => "senior",
        _ => "principal",
    };

    private static string Word(ToolRisk risk) => risk switch
    {
        ToolRisk.Low => "low",
        ToolRisk.Medium => "medium",
        _ => "high",
    };
}
