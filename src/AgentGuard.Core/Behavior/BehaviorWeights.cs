using System.ComponentModel.DataAnnotations;

namespace AgentGuard;

/// <summary>How much each behavior signal adds to a session's score (thresholds come from the persona: 40 alert,
/// 70 approval, 100 halt by default).</summary>
/// <remarks>
/// Most weights decay with <see cref="BehaviorOptions.HalfLife"/>. Barrier weights (<c>Barrier*</c>) and
/// <see cref="Taint"/> are <em>sticky</em>: they are evidence about a target or a value and stay in the score until
/// <see cref="BehaviorOptions.BarrierMemory"/> (or <see cref="BehaviorOptions.TaintMemory"/>) has passed without a new
/// attempt, so a slow campaign spread over days adds up like a fast one.
/// </remarks>
public sealed class BehaviorWeights
{
    /// <summary>Gets or sets the weight of an attempt on a tool outside persona ∩ user (<c>behavior.off_persona</c>).</summary>
    /// <value>The default value is 20.</value>
    [Range(0, 1000)]
    public double OffPersona { get; set; } = BehaviorDefaults.OffPersona;

    /// <summary>Gets or sets the weight of a call the argument constraints refused (<c>behavior.argument_violation</c>).</summary>
    /// <value>The default value is 10.</value>
    [Range(0, 1000)]
    public double ArgumentViolation { get; set; } = BehaviorDefaults.ArgumentViolation;

    /// <summary>Gets or sets the weight of a call DLP blocked (<c>behavior.dlp_block</c>).</summary>
    /// <value>The default value is 10.</value>
    [Range(0, 1000)]
    public double DlpBlock { get; set; } = BehaviorDefaults.DlpBlock;

    /// <summary>Gets or sets the weight of each attempt past a declared rate limit (<c>behavior.velocity.rate</c>).</summary>
    /// <value>The default value is 8.</value>
    [Range(0, 1000)]
    public double RateExceeded { get; set; } = BehaviorDefaults.RateExceeded;

    /// <summary>Gets or sets the weight of a result the backend refused (<c>behavior.backend_denied</c>).</summary>
    /// <value>The default value is 5.</value>
    [Range(0, 1000)]
    public double BackendDenied { get; set; } = BehaviorDefaults.BackendDenied;

    /// <summary>Gets or sets the sticky weight of a retry on a denied target (<c>behavior.barrier.retry</c>).</summary>
    /// <value>The default value is 30.</value>
    [Range(0, 1000)]
    public double BarrierRetry { get; set; } = BehaviorDefaults.BarrierRetry;

    /// <summary>Gets or sets the sticky weight of reaching a denied target through a path trick such as <c>../</c> or
    /// percent-encoding (<c>behavior.barrier.path_trick</c>).</summary>
    /// <value>The default value is 35.</value>
    [Range(0, 1000)]
    public double BarrierPathTrick { get; set; } = BehaviorDefaults.BarrierPathTrick;

    /// <summary>Gets or sets the sticky weight of another tool on a denied resource (<c>behavior.barrier.other_tool</c>).</summary>
    /// <value>The default value is 30.</value>
    [Range(0, 1000)]
    public double BarrierOtherTool { get; set; } = BehaviorDefaults.BarrierOtherTool;

    /// <summary>Gets or sets the sticky weight of a guessed variation of a denied name or identifier (edit distance,
    /// shared prefix and suffix, abbreviated or altered SHA) (<c>behavior.barrier.variation</c>).</summary>
    /// <value>The default value is 25.</value>
    [Range(0, 1000)]
    public double BarrierVariation { get; set; } = BehaviorDefaults.BarrierVariation;

    /// <summary>Gets or sets the sticky weight of another attempt on a tool the scope refused (<c>behavior.barrier.tool_retry</c>).</summary>
    /// <value>The default value is 25.</value>
    [Range(0, 1000)]
    public double BarrierToolRetry { get; set; } = BehaviorDefaults.BarrierToolRetry;

    /// <summary>Gets or sets the weight of a tool transition outside the persona's declared workflows (<c>behavior.workflow_drift</c>).</summary>
    /// <value>The default value is 10.</value>
    [Range(0, 1000)]
    public double WorkflowDrift { get; set; } = BehaviorDefaults.WorkflowDrift;

    /// <summary>Gets or sets the weight of a match-everything argument or a huge limit (<c>behavior.unbounded</c>).</summary>
    /// <value>The default value is 15.</value>
    [Range(0, 1000)]
    public double UnboundedArgument { get; set; } = BehaviorDefaults.UnboundedArgument;

    /// <summary>Gets or sets the weight of each call above <see cref="BehaviorOptions.BurstCallsPerMinute"/> (<c>behavior.velocity.burst</c>).</summary>
    /// <value>The default value is 5.</value>
    [Range(0, 1000)]
    public double Velocity { get; set; } = BehaviorDefaults.Velocity;

    /// <summary>Gets or sets the weight of each call in a run of guessed sequential identifiers that no earlier result
    /// listed (<c>behavior.velocity.enumeration</c>).</summary>
    /// <value>The default value is 8.</value>
    [Range(0, 1000)]
    public double Enumeration { get; set; } = BehaviorDefaults.Enumeration;

    /// <summary>Gets or sets the weight of each new distinct resource above the scraping threshold (<c>behavior.velocity.scrape</c>).</summary>
    /// <value>The default value is 5.</value>
    [Range(0, 1000)]
    public double Scrape { get; set; } = BehaviorDefaults.Scrape;

    /// <summary>Gets or sets the weight of a result that breaches the per-call data envelope (<c>behavior.envelope.*</c>).</summary>
    /// <value>The default value is 30.</value>
    [Range(0, 1000)]
    public double EnvelopeCall { get; set; } = BehaviorDefaults.EnvelopeCall;

    /// <summary>Gets or sets the weight of a result that takes the session past its hourly envelope (records or distinct resources).</summary>
    /// <value>The default value is 25.</value>
    [Range(0, 1000)]
    public double EnvelopeHour { get; set; } = BehaviorDefaults.EnvelopeHour;

    /// <summary>Gets or sets the sticky weight of a value from a sensitive result found in an egress tool's arguments (<c>behavior.taint</c>).</summary>
    /// <value>The default value is 60.</value>
    [Range(0, 1000)]
    public double Taint { get; set; } = BehaviorDefaults.Taint;

    /// <summary>Gets or sets the weight of several words from sensitive results found together in an egress tool's
    /// arguments (<c>behavior.taint.weak</c>; scored, not denied).</summary>
    /// <value>The default value is 20.</value>
    [Range(0, 1000)]
    public double WeakTaint { get; set; } = BehaviorDefaults.WeakTaint;
}
