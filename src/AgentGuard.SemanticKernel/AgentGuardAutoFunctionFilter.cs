using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace AgentGuard;

/// <summary>A Semantic Kernel automatic-function-invocation filter: guards each call the model chooses, with the model's
/// tool-call id, and ends the loop when the guard halts the session or wants a human.</summary>
/// <remarks>
/// <para>The call is authorized and its result inspected exactly as <see cref="AgentGuardFunctionFilter"/> does, with
/// <see cref="AutoFunctionInvocationContext.ToolCallId"/> as the <see cref="ToolCall.CallId"/> (so the audit record and
/// the trace carry the model's id), or <c>sk-{request}-{function}</c> from the request and function sequence indexes
/// when the connector supplies none. A denial becomes the function's result, which the model reads; the other calls of
/// the same turn still run and the loop goes on. A halt sets <see cref="Microsoft.Extensions.AI.FunctionInvocationContext.Terminate"/>, so the
/// kernel stops calling functions and returns to the host; so does a required approval that no human gave, unless
/// <see cref="AgentGuardKernelOptions.TerminateOnApprovalRequired"/> is off.</para>
/// <para>Before each call it passes the user messages of the chat history that it has not seen yet to the guard's
/// <see cref="IConversationObserver"/>, when there is one, so the guard learns what the delegating user asked for.
/// Thread-safe.</para>
/// </remarks>
public sealed class AgentGuardAutoFunctionFilter : IAutoFunctionInvocationFilter
{
    private readonly KernelCallGuard _guard;
    private readonly ConversationFeed? _conversation;

    /// <summary>Initializes a new instance of the <see cref="AgentGuardAutoFunctionFilter"/> class.</summary>
    /// <param name="guard">The guard to ask.</param>
    /// <param name="options">The options; read once, here.</param>
    /// <param name="timeProvider">The clock that stamps calls and messages; defaults to <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/> for no logging.</param>
    /// <param name="conversationObserver">Receives the user's messages; defaults to <paramref name="guard"/> when it
    /// implements <see cref="IConversationObserver"/>.</param>
    public AgentGuardAutoFunctionFilter(
        IAgentGuard guard,
        AgentGuardKernelOptions? options = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        IConversationObserver? conversationObserver = null)
        : this(new KernelCallGuard(guard, options, timeProvider, loggerFactory), conversationObserver, timeProvider)
    {
    }

    internal AgentGuardAutoFunctionFilter(KernelCallGuard guard, IConversationObserver? conversationObserver, TimeProvider? timeProvider)
    {
        _guard = guard;
        var observer = conversationObserver ?? guard.Guard as IConversationObserver;
        _conversation = observer is null ? null : new ConversationFeed(observer, timeProvider ?? TimeProvider.System);
    }

    /// <inheritdoc />
    public async Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (_conversation is not null && AgentGuardContext.Current is { } identity)
        {
            await _conversation.ObserveAsync(identity.SessionId, context.Messages, context.CancellationToken).ConfigureAwait(false);
        }

        var callId = string.IsNullOrEmpty(context.ToolCallId)
            ? FormattableString.Invariant($"sk-{context.RequestSequenceIndex}-{context.FunctionSequenceIndex}")
            : context.ToolCallId;
        var previous = AutoInvocation.Current;
        GuardDecision decision;
        try
        {
            decision = await _guard.InvokeAsync(new Invocation(context, next), callId, context.CancellationToken).ConfigureAwait(false);
        }
        finally
        {
            AutoInvocation.Current = previous;
        }

        // An approval that no human gave is enforced as a refusal; its verdict still says a human was wanted.
        if (decision.EnforcedAction == GuardVerdict.Halt
            || (decision.Verdict == GuardVerdict.RequireApproval && !decision.IsAllowed && _guard.TerminateOnApprovalRequired))
        {
            // The model has read why; no further function runs in this request, and the host decides what happens next.
            context.Terminate = true;
        }
    }

    private sealed class Invocation(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next) : IKernelInvocation
    {
        public KernelFunction Function => context.Function;

        public KernelArguments? Arguments => context.Arguments;

        public FunctionResult Result
        {
            get => context.Result;
            set => context.Result = value;
        }

        public Task NextAsync()
        {
            // Marks this very invocation as guarded, for the function filter beneath; see AutoInvocation.
            AutoInvocation.Current = AutoInvocation.For(context.Function);
            return next(context);
        }
    }
}
