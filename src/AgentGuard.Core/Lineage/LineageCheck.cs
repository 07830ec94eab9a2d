using System.Globalization;
using System.Text;

namespace AgentGuard;

/// <summary>Call-side data lineage: classifies the sensitive argument values of egress, high-risk and catalog-marked
/// tools as user / persona / tool result (named or not) / unknown, and applies the persona's <c>lineage:</c> actions.</summary>
/// <remarks>Runs at <see cref="GuardCheckOrder.Lineage"/> (450): after halt, scope, argument constraints, credential
/// handles and DLP, which refuse outright and more cheaply; before rate limits, so a call that needs a human does not
/// spend the rate; before behavior, which adds the weight of <c>score</c> findings to the session's score; and
/// before approval. It also runs after a denial (not in a halted session), so a refused call still says where its values came
/// from: "not at an allowed domain" plus "came only from the result of email.read" is the evidence of an injection. Thread-safe.</remarks>
internal sealed class LineageCheck : IGuardCheck
{
    private readonly LineageTracker _tracker;

    public LineageCheck(LineageTracker tracker) => _tracker = tracker ?? throw new ArgumentNullException(nameof(tracker));

    public string Name => "lineage";

    public int Order => GuardCheckOrder.Lineage;

    public bool RunsAfterDenial => true;

    public ValueTask CheckAsync(GuardContext context, CancellationToken cancellationToken)
    {
        if (context.Persona is not { } persona || context.Tool is not { } tool || context.Verdict == GuardVerdict.Halt)
        {
            return default;
        }

        var findings = _tracker.Classify(context.Call.SessionId, persona, tool, context.Call.Arguments);
        var policy = persona.Persona.Lineage;
        double weight = 0;
        string? scoreReason = null;
        foreach (var finding in findings)
        {
            var action = policy.Resolve(finding.Origin, persona.Persona.Maturity);
            if (action == LineageAction.Allow)
            {
                continue;
            }

            var rule = LineageRules.For(finding.Origin);
            var reason = Explain(finding, tool.Name);
            switch (action)
            {
                case LineageAction.Deny:
                    context.Deny(rule, reason);
                    break;
                case LineageAction.Approval:
                    context.RequireApproval(rule, reason);
                    break;
                default:
                    // The weight is in the behavior.lineage reason (audit only): a model that read it could pace an
                    // injected instruction under approval_at.
                    context.Note(rule, reason);
                    weight = policy.Score;
                    scoreReason ??= reason;
                    break;
            }
        }

        if (weight > 0)
        {
            context.Items[LineageRules.ScoreItem] = weight;
            context.Items[LineageRules.ScoreReasonItem] = scoreReason;
        }

        return default;
    }

    /// <summary>Says which argument, which class, and where the value came from (never the value).</summary>
    internal static string Explain(LineageFinding finding, string tool)
    {
        var text = new StringBuilder(160);
        text.Append("lineage: argument '").Append(finding.Argument).Append('\'');
        if (finding.JoinedWith is { } other)
        {
            text.Append(" joined with '").Append(other).Append('\'');
        }

        text.Append(" of '").Append(tool).Append("' (").Append(Describe(finding.Kind)).Append(") ");
        switch (finding.Origin)
        {
            case LineageOrigin.User:
                text.Append("was asked for by the user");
                break;
            case LineageOrigin.Persona:
                text.Append("is declared by the persona");
                break;
            case LineageOrigin.NamedResult:
                text.Append("is not in the user's messages; it came from ");
                AppendSources(text, finding.Sources);
                text.Append(", which the user pointed at");
                break;
            case LineageOrigin.ToolResult:
                text.Append("is not in the user's messages; it came only from ");
                AppendSources(text, finding.Sources);
                text.Append(" (tool output, not the user's intent)");
                break;
            default:
                text.Append("appears in no user message, persona value or tool result: the model produced it");
                break;
        }

        return text.ToString();
    }

    private static void AppendSources(StringBuilder text, IReadOnlyList<LineageSource> sources)
    {
        text.Append(sources.Count == 1 ? "the result of " : "the results of ");
        for (var i = 0; i < sources.Count; i++)
        {
            if (i > 0)
            {
                text.Append(i == sources.Count - 1 ? " and " : ", ");
            }

            text.Append(sources[i].Tool);
            if (sources[i].Resource is { } resource)
            {
                text.Append(" (").Append(resource).Append(')');
            }
        }
    }

    private static string Describe(LineageValueKind kind) => kind switch
    {
        LineageValueKind.Recipient => "a recipient",
        LineageValueKind.Url => "a URL",
        LineageValueKind.Destination => "a destination host",
        LineageValueKind.Iban => "an IBAN",
        LineageValueKind.Account => "an account number",
        LineageValueKind.Amount => "an amount",
        _ => "a value",
    };
}
