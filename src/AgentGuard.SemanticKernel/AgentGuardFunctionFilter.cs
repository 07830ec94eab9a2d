using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using SKFunctionInvocationContext = Microsoft.SemanticKernel.FunctionInvocationContext;

namespace AgentGuard;

/// <summary>A Semantic Kernel function-invocation filter that asks AgentGuard before every kernel function runs and
/// inspects what it returns before the caller (or the model) sees it.</summary>
/// <remarks>
/// <para>Every invocation through a kernel — <c>kernel.InvokeAsync</c>, a function invoking another, or a call the model
/// chose — becomes a <see cref="ToolCall"/> named <c>plugin.function</c> (see <see cref="AgentGuardKernelOptions.ToolNameSelector"/>)
/// with the arguments as a JSON object and the identity of <see cref="AgentGuardContext.Current"/>. A refused call never
/// runs: the filter sets <see cref="SKFunctionInvocationContext.Result"/> to a text the model can read
/// (<c>"denied by AgentGuard: &lt;reason&gt;"</c>) instead of calling the next filter. With no session the call is refused
/// (fail closed). Redacted arguments replace the caller's; a redacted or withheld result replaces the function's.</para>
/// <para>A call the model chose is guarded by <see cref="AgentGuardAutoFunctionFilter"/>, which knows the model's
/// tool-call id; this filter then lets that one invocation through without asking the guard a second time.</para>
/// <para>Streaming invocations (<c>kernel.InvokeStreamingAsync</c>) are refused with
/// <see cref="AgentGuardViolationException"/>: their output reaches the caller piece by piece, before it could be
/// inspected. (Automatic function calling invokes functions without streaming, even in a streaming chat.) Thread-safe.</para>
/// </remarks>
public sealed class AgentGuardFunctionFilter : IFunctionInvocationFilter
{
    private readonly KernelCallGuard _guard;

    /// <summary>Initializes a new instance of the <see cref="AgentGuardFunctionFilter"/> class.</summary>
    /// <param name="guard">The guard to ask.</param>
    /// <param name="options">The options; read once, here.</param>
    /// <param name="timeProvider">The clock that stamps calls; defaults to <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/> for no logging.</param>
    public AgentGuardFunctionFilter(IAgentGuard guard, AgentGuardKernelOptions? options = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        : this(new KernelCallGuard(guard, options, timeProvider, loggerFactory))
    {
    }

    internal AgentGuardFunctionFilter(KernelCallGuard guard) => _guard = guard;

    /// <inheritdoc />
    public async Task OnFunctionInvocationAsync(SKFunctionInvocationContext context, Func<SKFunctionInvocationContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (AutoInvocation.TryClaim(context.Function))
        {
            // The automatic-invocation filter above already authorized exactly this call and inspects its result.
            await next(context).ConfigureAwait(false);
            return;
        }

        if (context.IsStreaming)
        {
            // The caller asked for a stream of a type only it knows, so no readable refusal can stand in for the result.
            throw new AgentGuardViolationException(new GuardDecision(
                GuardVerdict.Deny,
                ruleIds: ["host.streaming_uninspectable"],
                reasons: ["streaming invocation cannot be inspected before it is read; invoke the function without streaming"]));
        }

        await _guard.InvokeAsync(new Invocation(context, next), callId: null, context.CancellationToken).ConfigureAwait(false);
    }

    private sealed class Invocation(SKFunctionInvocationContext context, Func<SKFunctionInvocationContext, Task> next) : IKernelInvocation
    {
        public KernelFunction Function => context.Function;

        public KernelArguments? Arguments => context.Arguments;

        public FunctionResult Result
        {
            get => context.Result;
            set => context.Result = value;
        }

        public Task NextAsync() => next(context);
    }
}
