using System.Text.Json;
using Microsoft.Extensions.Logging;
using P = AgentGuard.Protocol.V1;

namespace AgentGuard;

/// <summary>The enforcement service's methods: the same engine behind the gRPC door, with identity fixed by the caller's key.</summary>
/// <remarks>
/// The agent and persona of every call come from the inside key, never from the request; sessions are scoped to the agent
/// (<c>{agent}/{session}</c>) so one agent cannot touch another's behavior state or halt flags. Operators (halt, resume,
/// events, approvals) use operator keys. Thread-safe.
/// </remarks>
internal sealed partial class EnforcementService
{
    private const int MaxNameLength = 512;
    private readonly IAgentGuard _engine;
    private readonly InsideKeyStore _keys;
    private readonly UserTokenValidator? _userTokens;
    private readonly GrantTable _grants;
    private readonly GuardEventHub _events;
    private readonly RemoteApprovalService _approvals;
    private readonly ServerHttpBroker _broker;
    private readonly ISessionStateStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public EnforcementService(
        IAgentGuard engine,
        InsideKeyStore keys,
        UserTokenValidator? userTokens,
        GrantTable grants,
        GuardEventHub events,
        RemoteApprovalService approvals,
        ServerHttpBroker broker,
        ISessionStateStore store,
        TimeProvider time,
        ILogger<EnforcementService> logger)
    {
        _engine = engine;
        _keys = keys;
        _userTokens = userTokens;
        _grants = grants;
        _events = events;
        _approvals = approvals;
        _broker = broker;
        _store = store;
        _time = time;
        _logger = logger;
    }

    /// <summary>Maps the service's methods onto the router.</summary>
    public void Map(GrpcServiceRouter router, CancellationToken stopping)
    {
        const string S = GrpcProtocol.ServicePath;
        router.CheckHeaders = context => Authenticate(context);
        router.MapUnary(S + "Authorize", P.AuthorizeRequest.Parser, AuthorizeAsync);
        router.MapUnary(S + "InspectResult", P.InspectResultRequest.Parser, InspectResultAsync);
        router.MapUnary(S + "ExecuteHttp", P.HttpCall.Parser, ExecuteHttpAsync);
        router.MapUnary(S + "Halt", P.HaltRequest.Parser, HaltAsync);
        router.MapUnary(S + "Resume", P.ResumeRequest.Parser, ResumeAsync);
        router.MapUnary(S + "Approve", P.ApprovalAnswer.Parser, (r, c) => AnswerAsync(r, c, approved: true));
        router.MapUnary(S + "Reject", P.ApprovalAnswer.Parser, (r, c) => AnswerAsync(r, c, approved: false));
        router.MapServerStreaming<P.WatchEventsRequest, P.GuardEvent>(S + "WatchEvents", P.WatchEventsRequest.Parser, (r, c, write) => WatchEventsAsync(c, write, stopping));
    }

    public async Task<P.Decision> AuthorizeAsync(P.AuthorizeRequest request, GrpcServerCall call)
    {
        var agent = Authenticate(call, CallerRole.Agent);
        var toolCall = await BuildCallAsync(request.Call, agent, call).ConfigureAwait(false);
        var decision = await _engine.AuthorizeAsync(toolCall, call.CancellationToken).ConfigureAwait(false);
        Announce(toolCall, decision);
        var grant = decision.IsAllowed ? _grants.Issue(agent.Id, toolCall, decision) : null;
        return ProtoMapping.ToProto(decision, grant);
    }

    public async Task<P.Decision> InspectResultAsync(P.InspectResultRequest request, GrpcServerCall call)
    {
        var agent = Authenticate(call, CallerRole.Agent);
        var toolCall = await BuildCallAsync(request.Call, agent, call).ConfigureAwait(false);
        ToolResult result;
        try
        {
            result = ProtoMapping.FromProto(request.Result ?? new P.ToolResult());
        }
        catch (JsonException)
        {
            throw new GrpcWireException(GrpcStatusCode.InvalidArgument, "result content_json is not JSON");
        }

        var decision = await _engine.InspectResultAsync(toolCall, result, call.CancellationToken).ConfigureAwait(false);
        if (request.Grant.Length > 0)
        {
            _grants.End(request.Grant, agent.Id);
        }

        Announce(toolCall, decision);
        return ProtoMapping.ToProto(decision, null);
    }

    public async Task<P.HttpReply> ExecuteHttpAsync(P.HttpCall request, GrpcServerCall call)
    {
        var agent = Authenticate(call, CallerRole.Agent);
        ToolCall toolCall;
        GuardDecision decision;
        if (request.Grant.Length > 0)
        {
            var grant = _grants.Find(request.Grant, agent.Id);
            if (grant is null)
            {
                Log.GrantRefused(_logger, agent.Id, request.Backend);
                return Refusal("remote.grant_invalid", "the grant is unknown, expired, or was not issued to this agent");
            }

            toolCall = grant.Call;
            decision = grant.Decision;

            // The call may have been halted since it was allowed.
            if (await _store.GetHaltAsync(toolCall.SessionId, toolCall.AgentId, call.CancellationToken).ConfigureAwait(false) is { } halt)
            {
                return Refusal("remote.halted", "the session or agent is halted: " + halt.Reason);
            }
        }
        else
        {
            // No grant: the service decides the call itself, exactly as Authorize would (and audits it).
            if (request.Call is null)
            {
                throw new GrpcWireException(GrpcStatusCode.InvalidArgument, "ExecuteHttp needs a grant or the call it belongs to");
            }

            toolCall = await BuildCallAsync(request.Call, agent, call).ConfigureAwait(false);
            decision = await _engine.AuthorizeAsync(toolCall, call.CancellationToken).ConfigureAwait(false);
            Announce(toolCall, decision);
            if (!decision.IsAllowed)
            {
                return Refusal(decision.RuleIds.Count > 0 ? decision.RuleIds[0] : "remote.denied", decision.ExplainForModel());
            }
        }

        return await _broker.SendAsync(request, toolCall, decision, call.CancellationToken).ConfigureAwait(false);
    }

    public async Task<P.HaltReply> HaltAsync(P.HaltRequest request, GrpcServerCall call)
    {
        var caller = Authenticate(call, null);
        if (string.IsNullOrEmpty(request.Id))
        {
            throw new GrpcWireException(GrpcStatusCode.InvalidArgument, "halt needs an id");
        }

        var target = (HaltTarget)(int)request.Scope;
        var id = request.Id;
        if (caller.Role == CallerRole.Agent)
        {
            // An agent may stop itself (fail safe), never another agent or another agent's session.
            if (target == HaltTarget.Session)
            {
                id = ScopeSession(caller.Id, id);
            }
            else if (!string.Equals(id, caller.Id, StringComparison.Ordinal))
            {
                throw new GrpcWireException(GrpcStatusCode.PermissionDenied, "an agent may halt only itself");
            }
        }

        await _engine.HaltAsync(target, id, request.Reason.Length > 0 ? request.Reason : $"halted by {caller.Id}", call.CancellationToken).ConfigureAwait(false);
        _events.Publish(new P.GuardEvent { Kind = P.EventKind.Halted, AgentId = target == HaltTarget.Agent ? id : string.Empty, SessionId = target == HaltTarget.Session ? id : string.Empty, Reasons = { request.Reason } });
        return new P.HaltReply();
    }

    public async Task<P.ResumeReply> ResumeAsync(P.ResumeRequest request, GrpcServerCall call)
    {
        var caller = Authenticate(call, CallerRole.Operator);
        if (string.IsNullOrEmpty(request.Id))
        {
            throw new GrpcWireException(GrpcStatusCode.InvalidArgument, "resume needs an id");
        }

        var target = (HaltTarget)(int)request.Scope;
        var resumed = await _engine.ResumeAsync(target, request.Id, call.CancellationToken).ConfigureAwait(false);
        if (resumed)
        {
            Log.Resumed(_logger, caller.Id, target, request.Id);
            _events.Publish(new P.GuardEvent { Kind = P.EventKind.Resumed, AgentId = target == HaltTarget.Agent ? request.Id : string.Empty, SessionId = target == HaltTarget.Session ? request.Id : string.Empty });
        }

        return new P.ResumeReply { Resumed = resumed };
    }

    public Task<P.ApprovalReply> AnswerAsync(P.ApprovalAnswer request, GrpcServerCall call, bool approved)
    {
        var caller = Authenticate(call, CallerRole.Operator);
        var comment = request.Comment.Length > 0 ? request.Comment : null;
        var outcome = approved ? new ApprovalOutcome(true, caller.Id, comment) : ApprovalOutcome.Reject(caller.Id, comment);
        return Task.FromResult(new P.ApprovalReply { Found = _approvals.Answer(request.ApprovalId, outcome) });
    }

    public async Task WatchEventsAsync(GrpcServerCall call, Func<P.GuardEvent, Task> write, CancellationToken stopping)
    {
        Authenticate(call, CallerRole.Operator);
        using var subscription = _events.Subscribe();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(call.CancellationToken, stopping);
        try
        {
            await foreach (var item in subscription.Reader.ReadAllAsync(linked.Token).ConfigureAwait(false))
            {
                await write(item).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !call.CancellationToken.IsCancellationRequested)
        {
            // The service is shutting down: end the stream with OK so watchers reconnect elsewhere.
        }
    }

    internal static string ScopeSession(string agentId, string session) => agentId + "/" + session;

    private CallerIdentity Authenticate(GrpcServerCall call, CallerRole? required)
    {
        var caller = Authenticate(call.HttpContext);
        if (required is { } role && caller.Role != role)
        {
            throw new GrpcWireException(GrpcStatusCode.PermissionDenied, role == CallerRole.Operator ? "this method needs an operator key" : "this method needs an agent's inside key");
        }

        return caller;
    }

    /// <summary>Authenticates the caller from the request headers (once per call: the router asks before reading the message,
    /// the method's role check reuses the answer).</summary>
    private CallerIdentity Authenticate(Microsoft.AspNetCore.Http.HttpContext context)
    {
        if (context.Items.TryGetValue(typeof(CallerIdentity), out var known) && known is CallerIdentity authenticated)
        {
            return authenticated;
        }

        var values = context.Request.Headers.Authorization;
        var header = values.Count == 0 ? null : values[0];
        string? key = null;
        if (header is not null && header.StartsWith(RemoteHeaders.BearerScheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            key = header[(RemoteHeaders.BearerScheme.Length + 1)..].Trim();
        }

        var caller = _keys.Authenticate(key);
        if (caller is null)
        {
            Log.Unauthenticated(_logger, context.Request.Path.Value);
            throw new GrpcWireException(GrpcStatusCode.Unauthenticated, "a valid inside key is required");
        }

        context.Items[typeof(CallerIdentity)] = caller;
        return caller;
    }

    private async ValueTask<ToolCall> BuildCallAsync(P.ToolCall? message, CallerIdentity agent, GrpcServerCall call)
    {
        if (message is null || message.ToolName.Length == 0 || message.SessionId.Length == 0)
        {
            throw new GrpcWireException(GrpcStatusCode.InvalidArgument, "a call needs tool_name and session_id");
        }

        if (message.ToolName.Length > MaxNameLength || message.SessionId.Length > MaxNameLength || message.UserId.Length > MaxNameLength)
        {
            throw new GrpcWireException(GrpcStatusCode.InvalidArgument, "a name in the call is too long");
        }

        if (message.Persona.Length > 0 && !string.Equals(message.Persona, agent.Persona, StringComparison.Ordinal))
        {
            Log.PersonaClaimRefused(_logger, agent.Id, message.Persona);
            throw new GrpcWireException(GrpcStatusCode.PermissionDenied, $"this agent's key runs as persona '{agent.Persona}'; it cannot claim '{message.Persona}'");
        }

        var user = message.UserId.Length > 0 ? message.UserId : null;
        if (_userTokens is not null)
        {
            var (tokenUser, error) = await _userTokens.ValidateAsync(call.GetHeader(RemoteHeaders.UserToken)).ConfigureAwait(false);
            if (tokenUser is null)
            {
                throw new GrpcWireException(GrpcStatusCode.Unauthenticated, error ?? "the user token is invalid");
            }

            if (user is not null && !string.Equals(user, tokenUser, StringComparison.Ordinal))
            {
                throw new GrpcWireException(GrpcStatusCode.PermissionDenied, "the call names another user than the signed user token");
            }

            user = tokenUser;
        }

        JsonElement arguments;
        try
        {
            arguments = message.ArgumentsJson.Length == 0 ? ToolCall.EmptyArguments : ProtoMapping.ParseJson(message.ArgumentsJson);
        }
        catch (JsonException)
        {
            throw new GrpcWireException(GrpcStatusCode.InvalidArgument, "arguments_json is not JSON");
        }

        if (arguments.ValueKind != JsonValueKind.Object)
        {
            throw new GrpcWireException(GrpcStatusCode.InvalidArgument, "arguments_json must be a JSON object");
        }

        return new ToolCall
        {
            ToolName = message.ToolName,
            Arguments = arguments,
            SessionId = ScopeSession(agent.Id, message.SessionId),
            UserId = user,
            AgentId = agent.Id,
            Persona = agent.Persona,
            CallId = message.CallId.Length > 0 ? message.CallId : null,
            Timestamp = _time.GetUtcNow(),
            DelegationChain = [.. message.DelegationChain],
            ParentAgentId = message.ParentAgentId.Length > 0 ? message.ParentAgentId : null,
        };
    }

    private void Announce(ToolCall call, GuardDecision decision)
    {
        var kind = decision.Verdict switch
        {
            GuardVerdict.Halt => P.EventKind.Halted,
            GuardVerdict.Deny => P.EventKind.Alert,
            _ when decision.RuleIds.Contains("behavior.alert") => P.EventKind.Alert,
            _ => P.EventKind.Unspecified,
        };
        if (kind == P.EventKind.Unspecified)
        {
            return;
        }

        var guardEvent = new P.GuardEvent { Kind = kind, AgentId = call.AgentId ?? string.Empty, Persona = call.Persona ?? string.Empty, SessionId = call.SessionId, ToolName = call.ToolName };
        guardEvent.RuleIds.AddRange(decision.RuleIds);
        guardEvent.Reasons.AddRange(decision.Reasons);
        _events.Publish(guardEvent);
    }

    private static P.HttpReply Refusal(string rule, string reason) => new() { RefusalRuleId = rule, RefusalReason = reason };
}
