namespace AgentGuard;

/// <summary>The authorized tool call that is executing on this async flow: what lets tool code reach a backend.</summary>
/// <remarks>
/// <para>A host adapter enters a scope around the tool's own invocation, and only when the guard allowed the call
/// (<see cref="GuardDecision.IsAllowed"/>); it leaves the scope when the tool returns or throws. Credential-bearing
/// components (AgentGuard's credential <c>HttpMessageHandler</c>) read <see cref="Current"/> to learn which call, user
/// and session a request belongs to, and refuse to act outside any scope: tool code that runs outside an authorized
/// call gets no credential (fail closed).</para>
/// <para>The scope flows with <see cref="ExecutionContext"/> into awaits and tasks started inside it. A task that
/// outlives the call still sees the scope object, but <see cref="Current"/> returns <see langword="null"/> once the
/// scope has been left, so work started by a call cannot keep using its authority afterwards.</para>
/// <para>Components report refusals (a backend's 401/403, a refused credential handle) with <see cref="ReportDenied"/>;
/// the adapter then reports the call's result as denied to the guard even when the tool swallowed the failure, so
/// behavior scoring sees every barrier. Thread-safe.</para>
/// </remarks>
public sealed class AgentGuardCallScope : IDisposable
{
    private static readonly AsyncLocal<AgentGuardCallScope?> s_current = new();

    private readonly AgentGuardCallScope? _previous;
    private readonly Lock _gate = new();
    private List<BackendDenial>? _denials;
    private volatile bool _active = true;

    private AgentGuardCallScope(ToolCall call, GuardDecision decision, string? userTokenReference, AgentGuardCallScope? previous)
    {
        Call = call;
        Decision = decision;
        UserTokenReference = userTokenReference;
        _previous = previous;
    }

    /// <summary>Gets the authorized call executing on this async flow, or <see langword="null"/> outside any (or after it ended).</summary>
    public static AgentGuardCallScope? Current => s_current.Value is { IsActive: true } scope ? scope : null;

    /// <summary>Gets the call as the guard authorized it (with redacted arguments when the guard redacted them).</summary>
    public ToolCall Call { get; }

    /// <summary>Gets the decision that allowed the call.</summary>
    public GuardDecision Decision { get; }

    /// <summary>Gets the host's opaque reference to the delegating user's own token (see
    /// <see cref="AgentGuardContext.UserTokenReference"/>), or <see langword="null"/>. Never the token itself.</summary>
    public string? UserTokenReference { get; }

    /// <summary>Gets a value indicating whether the call is still executing (the scope has not been left).</summary>
    public bool IsActive => _active;

    /// <summary>Gets a value indicating whether a backend or a credential component refused part of the call.</summary>
    public bool IsDenied
    {
        get
        {
            lock (_gate)
            {
                return _denials is { Count: > 0 };
            }
        }
    }

    /// <summary>Gets the refusals reported during the call, in order.</summary>
    public IReadOnlyList<BackendDenial> Denials
    {
        get
        {
            lock (_gate)
            {
                return _denials is null ? [] : [.. _denials];
            }
        }
    }

    /// <summary>Makes an allowed call the current call of this async flow until the returned scope is disposed.</summary>
    /// <param name="call">The call as authorized.</param>
    /// <param name="decision">The decision; it must allow the call.</param>
    /// <param name="userTokenReference">The host's opaque reference to the delegating user's token, if any.</param>
    /// <returns>The scope; dispose it when the tool returns or throws.</returns>
    /// <exception cref="ArgumentException"><paramref name="decision"/> does not allow the call.</exception>
    public static AgentGuardCallScope Enter(ToolCall call, GuardDecision decision, string? userTokenReference = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(decision);
        if (!decision.IsAllowed)
        {
            throw new ArgumentException("Only a call the guard allowed may become the current call.", nameof(decision));
        }

        var scope = new AgentGuardCallScope(call, decision, userTokenReference, s_current.Value);
        s_current.Value = scope;
        return scope;
    }

    /// <summary>Records that a backend or a credential component refused part of the call.</summary>
    /// <param name="denial">The refusal.</param>
    public void ReportDenied(BackendDenial denial)
    {
        ArgumentNullException.ThrowIfNull(denial);
        lock (_gate)
        {
            (_denials ??= []).Add(denial);
        }
    }

    /// <summary>Leaves the scope: the call no longer counts as executing, and the previous current call is restored.</summary>
    public void Dispose()
    {
        if (!_active)
        {
            return;
        }

        _active = false;
        if (ReferenceEquals(s_current.Value, this))
        {
            s_current.Value = _previous;
        }
    }
}
