using System.Text.Json;

namespace AgentGuard;

/// <summary>One evaluation in progress — of a call before it runs, or of its result — shared by the pipeline's stages.</summary>
/// <remarks>
/// Stages record outcomes here; the most restrictive verdict wins. Lists are allocated only when something is
/// recorded, so the allow path stays allocation-light. Not thread-safe: one evaluation runs one stage at a time.
/// </remarks>
public sealed class GuardContext
{
    private List<string>? _ruleIds;
    private List<string>? _reasons;
    private List<GuardFinding>? _findings;
    private Dictionary<string, object?>? _items;

    internal GuardContext(ToolCall call, GuardPolicy policy, CompiledPersona? persona, DateTimeOffset now, AgentGuardOptions options, ToolResult? result)
    {
        Call = call;
        Policy = policy;
        Persona = persona;
        Now = now;
        Options = options;
        Arguments = call.Arguments;
        Result = result;
        OriginalResult = result;
    }

    /// <summary>Gets the call being evaluated.</summary>
    public ToolCall Call { get; }

    /// <summary>Gets the policy in force.</summary>
    public GuardPolicy Policy { get; }

    /// <summary>Gets the caller's persona, or <see langword="null"/> when the call names no known persona.</summary>
    public CompiledPersona? Persona { get; }

    /// <summary>Gets the tool as the persona grants it; set by the scope stage, <see langword="null"/> when out of scope.</summary>
    public ResolvedTool? Tool { get; set; }

    /// <summary>Gets the evaluation time (from the engine's <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Gets the engine options.</summary>
    public AgentGuardOptions Options { get; }

    /// <summary>Gets the arguments as they will reach the tool (redacted when a stage replaced them).</summary>
    public JsonElement Arguments { get; private set; }

    /// <summary>Gets a value indicating whether a stage replaced the arguments.</summary>
    public bool ArgumentsReplaced { get; private set; }

    /// <summary>Gets the result under inspection (possibly replaced by a stage), or <see langword="null"/> before the call.</summary>
    public ToolResult? Result { get; private set; }

    /// <summary>Gets the result as the tool returned it.</summary>
    public ToolResult? OriginalResult { get; }

    /// <summary>Gets a value indicating whether a stage replaced the result.</summary>
    public bool ResultReplaced { get; private set; }

    /// <summary>Gets the most restrictive verdict recorded so far.</summary>
    public GuardVerdict Verdict { get; private set; }

    /// <summary>Gets a value indicating whether the call or result is refused (deny or halt).</summary>
    public bool IsDenied => Verdict >= GuardVerdict.Deny;

    /// <summary>Gets or sets the session's behavior score after this evaluation.</summary>
    public double Score { get; set; }

    /// <summary>Gets the rule ids recorded so far.</summary>
    public IReadOnlyList<string> RuleIds => (IReadOnlyList<string>?)_ruleIds ?? [];

    /// <summary>Gets the reasons recorded so far.</summary>
    public IReadOnlyList<string> Reasons => (IReadOnlyList<string>?)_reasons ?? [];

    /// <summary>Gets the findings recorded so far.</summary>
    public IReadOnlyList<GuardFinding> Findings => (IReadOnlyList<GuardFinding>?)_findings ?? [];

    /// <summary>Gets a bag for stages to pass facts to later stages (keys: <c>"area.name"</c>).</summary>
    public IDictionary<string, object?> Items => _items ??= new(StringComparer.Ordinal);

    /// <summary>Reads an item without allocating the bag when no stage has written one.</summary>
    internal bool TryGetItem(string key, out object? value)
    {
        value = null;
        return _items is not null && _items.TryGetValue(key, out value);
    }

    /// <summary>Refuses the call (or withholds nothing: see <see cref="WithholdResult"/> for results).</summary>
    /// <param name="ruleId">The stable rule id.</param>
    /// <param name="reason">Why, for people and the model.</param>
    public void Deny(string ruleId, string reason) => Record(GuardVerdict.Deny, ruleId, reason);

    /// <summary>Refuses the call and halts the session.</summary>
    /// <param name="ruleId">The stable rule id.</param>
    /// <param name="reason">Why.</param>
    public void Halt(string ruleId, string reason) => Record(GuardVerdict.Halt, ruleId, reason);

    /// <summary>Requires human approval before the call may run.</summary>
    /// <param name="ruleId">The stable rule id.</param>
    /// <param name="reason">Why.</param>
    public void RequireApproval(string ruleId, string reason) => Record(GuardVerdict.RequireApproval, ruleId, reason);

    /// <summary>Records a rule that fired without changing the verdict (an alert, a score contribution).</summary>
    /// <param name="ruleId">The stable rule id.</param>
    /// <param name="reason">Why.</param>
    public void Note(string ruleId, string reason) => Record(GuardVerdict.Allow, ruleId, reason);

    /// <summary>Records a sensitive-data finding (never the matched value).</summary>
    /// <param name="finding">The finding.</param>
    public void AddFinding(GuardFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        (_findings ??= []).Add(finding);
    }

    /// <summary>Replaces the arguments the tool will receive (redaction) and raises the verdict to at least redact.</summary>
    /// <param name="arguments">The redacted arguments.</param>
    public void ReplaceArguments(JsonElement arguments)
    {
        Arguments = arguments;
        ArgumentsReplaced = true;
        Raise(GuardVerdict.Redact);
    }

    /// <summary>Replaces the result the model will see (redaction) and raises the verdict to at least redact.</summary>
    /// <param name="result">The redacted result.</param>
    public void ReplaceResult(ToolResult result)
    {
        Result = result ?? throw new ArgumentNullException(nameof(result));
        ResultReplaced = true;
        Raise(GuardVerdict.Redact);
    }

    /// <summary>Withholds the result from the model: it sees only the reason. The verdict becomes deny.</summary>
    /// <param name="ruleId">The stable rule id.</param>
    /// <param name="reason">Why.</param>
    public void WithholdResult(string ruleId, string reason)
    {
        Record(GuardVerdict.Deny, ruleId, reason);
        Result = ToolResult.FromText($"withheld by AgentGuard: {reason}") with
        {
            Status = OriginalResult?.Status ?? ToolResultStatus.Ok,
            Resource = OriginalResult?.Resource,
        };
        ResultReplaced = true;
    }

    /// <summary>Raises the verdict to at least <paramref name="verdict"/> without recording a rule.</summary>
    /// <param name="verdict">The verdict.</param>
    public void Raise(GuardVerdict verdict)
    {
        if (verdict > Verdict)
        {
            Verdict = verdict;
        }
    }

    private void Record(GuardVerdict verdict, string ruleId, string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(ruleId);
        (_ruleIds ??= []).Add(ruleId);
        (_reasons ??= []).Add(reason ?? ruleId);
        Raise(verdict);
    }
}
