using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using P = AgentGuard.Protocol.V1;

namespace AgentGuard;

/// <summary>The remote engine: <see cref="IAgentGuard"/> answered by the out-of-process enforcement service over gRPC.</summary>
/// <remarks>
/// <para>Every decision is made by the service, for the agent and persona that the inside key fixes there; the client
/// cannot claim another. When the service cannot be reached (after retries with jitter, only on UNAVAILABLE) a call is
/// denied (fail closed), unless its tool is listed in <see cref="RemoteEnforcementOptions.FailOpenTools"/>, which is then
/// allowed with an alert in the log. A passed deadline always fails closed. Refusals are decisions, never exceptions.</para>
/// <para>An allowed decision carries a server-side grant that the remote credential handler presents with the tool's
/// backend requests (the service checks it belongs to this agent). Thread-safe; one instance per agent process.</para>
/// </remarks>
public sealed partial class RemoteAgentGuard : IAgentGuard, IDisposable
{
    private readonly GrpcClientChannel _channel;
    private readonly RemoteEnforcementOptions _options;
    private readonly string _authorization;
    private readonly ILogger _logger;
    private readonly ConditionalWeakTable<object, string> _grants = [];

    /// <summary>Initializes a new instance of the <see cref="RemoteAgentGuard"/> class.</summary>
    /// <param name="options">The options.</param>
    /// <param name="logger">The logger.</param>
    public RemoteAgentGuard(IOptions<RemoteEnforcementOptions> options, ILogger<RemoteAgentGuard>? logger = null)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value, null, logger)
    {
    }

    internal RemoteAgentGuard(RemoteEnforcementOptions options, HttpMessageHandler? handler, ILogger? logger)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _authorization = RemoteHeaders.BearerScheme + " " + options.ResolveInsideKey();
        _channel = new GrpcClientChannel(options, handler);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public async ValueTask<GuardDecision> AuthorizeAsync(ToolCall toolCall, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(toolCall);
        var request = new P.AuthorizeRequest { Call = ProtoMapping.ToProto(toolCall) };
        P.Decision reply;
        try
        {
            reply = await CallAsync("Authorize", request, P.Decision.Parser, Headers(toolCall), cancellationToken).ConfigureAwait(false);
        }
        catch (RemoteEnforcementException ex)
        {
            return Unreachable(toolCall, ex, forResult: false);
        }

        var decision = ProtoMapping.FromProto(reply);
        if (reply.Grant.Length > 0)
        {
            _grants.AddOrUpdate(decision, reply.Grant);
            _grants.AddOrUpdate(toolCall, reply.Grant);
        }

        return decision;
    }

    /// <inheritdoc />
    public async ValueTask<GuardDecision> InspectResultAsync(ToolCall toolCall, ToolResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(toolCall);
        ArgumentNullException.ThrowIfNull(result);
        var request = new P.InspectResultRequest { Call = ProtoMapping.ToProto(toolCall), Result = ProtoMapping.ToProto(result) };
        if (_grants.TryGetValue(toolCall, out var grant))
        {
            request.Grant = grant;
        }

        try
        {
            var reply = await CallAsync("InspectResult", request, P.Decision.Parser, Headers(toolCall), cancellationToken).ConfigureAwait(false);
            return ProtoMapping.FromProto(reply);
        }
        catch (RemoteEnforcementException ex)
        {
            return Unreachable(toolCall, ex, forResult: true);
        }
    }

    /// <inheritdoc />
    /// <remarks>An agent's inside key may halt only its own sessions and itself; an operator key may halt any.</remarks>
    /// <exception cref="RemoteEnforcementException">The service refused or could not be reached.</exception>
    public async ValueTask HaltAsync(HaltTarget target, string id, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        await CallAsync("Halt", new P.HaltRequest { Scope = (P.HaltScope)(int)target, Id = id, Reason = reason ?? string.Empty }, P.HaltReply.Parser, new CallHeaders(_authorization, null), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Needs an operator key: an agent can never lift its own halt.</remarks>
    /// <exception cref="RemoteEnforcementException">The service refused or could not be reached.</exception>
    public async ValueTask<bool> ResumeAsync(HaltTarget target, string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var reply = await CallAsync("Resume", new P.ResumeRequest { Scope = (P.HaltScope)(int)target, Id = id }, P.ResumeReply.Parser, new CallHeaders(_authorization, null), cancellationToken)
            .ConfigureAwait(false);
        return reply.Resumed;
    }

    /// <summary>Streams the service's events: calls waiting for approval, halts, resumptions and alerts (operator key).</summary>
    /// <param name="cancellationToken">A token that ends the stream.</param>
    /// <returns>The events as they happen.</returns>
    /// <exception cref="RemoteEnforcementException">The service refused or could not be reached.</exception>
    public IAsyncEnumerable<P.GuardEvent> WatchEventsAsync(CancellationToken cancellationToken = default) =>
        _channel.ServerStreamingAsync("WatchEvents", new P.WatchEventsRequest(), P.GuardEvent.Parser, new CallHeaders(_authorization, null), null, cancellationToken);

    /// <summary>Approves a call that waits for a human (operator key).</summary>
    /// <param name="approvalId">The id from the <see cref="P.EventKind.ApprovalRequired"/> event.</param>
    /// <param name="comment">A comment for the audit trail.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns><see langword="true"/> when a call waited under that id.</returns>
    public async ValueTask<bool> ApproveAsync(string approvalId, string? comment = null, CancellationToken cancellationToken = default) =>
        (await CallAsync("Approve", new P.ApprovalAnswer { ApprovalId = approvalId, Comment = comment ?? string.Empty }, P.ApprovalReply.Parser, new CallHeaders(_authorization, null), cancellationToken).ConfigureAwait(false)).Found;

    /// <summary>Rejects a call that waits for a human (operator key).</summary>
    /// <param name="approvalId">The id from the <see cref="P.EventKind.ApprovalRequired"/> event.</param>
    /// <param name="comment">Why, for the audit trail.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns><see langword="true"/> when a call waited under that id.</returns>
    public async ValueTask<bool> RejectAsync(string approvalId, string? comment = null, CancellationToken cancellationToken = default) =>
        (await CallAsync("Reject", new P.ApprovalAnswer { ApprovalId = approvalId, Comment = comment ?? string.Empty }, P.ApprovalReply.Parser, new CallHeaders(_authorization, null), cancellationToken).ConfigureAwait(false)).Found;

    /// <inheritdoc />
    public void Dispose() => _channel.Dispose();

    /// <summary>Sends one backend request of an authorized call through the service's credential broker.</summary>
    internal Task<P.HttpReply> ExecuteHttpAsync(P.HttpCall request, ToolCall call, CancellationToken cancellationToken) =>
        CallAsync("ExecuteHttp", request, P.HttpReply.Parser, Headers(call), cancellationToken);

    /// <summary>Gets the service's grant for a decision this client received.</summary>
    internal bool TryGetGrant(GuardDecision decision, out string grant) => _grants.TryGetValue(decision, out grant!);

    private CallHeaders Headers(ToolCall call) => new(_authorization, _options.UserTokenProvider?.Invoke(call));

    private async Task<T> CallAsync<T>(string method, Google.Protobuf.IMessage request, Google.Protobuf.MessageParser<T> parser, CallHeaders headers, CancellationToken cancellationToken)
        where T : class, Google.Protobuf.IMessage<T>
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await _channel.UnaryAsync(method, request, parser, headers, _options.Deadline, cancellationToken).ConfigureAwait(false);
            }
            catch (RemoteEnforcementException ex) when (ex.Status == GrpcStatusCode.Unavailable && attempt < _options.MaxRetries)
            {
                // Full jitter: spreads the retries of many agents after a service restart.
                var ceiling = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt);
                var delay = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
                Log.Retrying(_logger, method, attempt + 1, delay.TotalMilliseconds);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private GuardDecision Unreachable(ToolCall call, RemoteEnforcementException ex, bool forResult)
    {
        // Only UNAVAILABLE (no connection) fails open: a deadline passing proves nothing about the service being down (it
        // may be holding the call for a human's approval, which failing open would skip).
        if (ex.Status == GrpcStatusCode.Unavailable && _options.FailOpenTools.Contains(call.ToolName))
        {
            Log.FailedOpen(_logger, call.ToolName, call.SessionId, ex.Status);
            return new GuardDecision(GuardVerdict.Allow, ruleIds: [RemoteRuleIds.FailOpen], reasons: [$"the enforcement service could not decide ({ex.Status}); tool '{call.ToolName}' is configured to fail open"]);
        }

        Log.FailedClosed(_logger, call.ToolName, call.SessionId, ex.Status, ex.Detail);
        var unreachable = ex.Status is GrpcStatusCode.Unavailable or GrpcStatusCode.DeadlineExceeded;
        var rule = unreachable ? RemoteRuleIds.Unavailable : RemoteRuleIds.Refused;
        var reason = unreachable
            ? $"the enforcement service could not decide ({ex.Status}); the call is refused (fail closed)"
            : $"the enforcement service refused the request ({ex.Status}: {ex.Detail})";
        return forResult
            ? new GuardDecision(GuardVerdict.Deny, ruleIds: [rule], reasons: [reason], redactedResult: ToolResult.FromText("[withheld by AgentGuard: the enforcement service could not inspect the result]"))
            : new GuardDecision(GuardVerdict.Deny, ruleIds: [rule], reasons: [reason]);
    }
}
