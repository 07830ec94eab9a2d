using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentGuard;

/// <summary>Issues, validates and revokes credential handles: what an agent or a model may hold instead of a secret.</summary>
/// <remarks>
/// A handle is bound to the session, agent and user it was issued for, one backend, and a set of tools; it expires after
/// <see cref="AgentGuardCredentialOptions.HandleLifetime"/> unless a shorter lifetime is asked for, and can be revoked at
/// any time (one handle, or every handle of a session). Thread-safe.
/// </remarks>
public sealed class CredentialHandleService
{
    private readonly CredentialBackendRegistry _backends;
    private readonly ICredentialHandleStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    internal CredentialHandleService(CredentialBackendRegistry backends, ICredentialHandleStore store, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        _backends = backends ?? throw new ArgumentNullException(nameof(backends));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Issues a handle for a backend, bound to the session, agent and user of <paramref name="context"/>.</summary>
    /// <param name="backend">The backend.</param>
    /// <param name="context">The agent's identity; its session is required.</param>
    /// <param name="tools">The tools (names or globs) that may use the handle; the backend's tools when <see langword="null"/>.</param>
    /// <param name="lifetime">How long it lives; <see cref="AgentGuardCredentialOptions.HandleLifetime"/> when <see langword="null"/>, never longer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The handle.</returns>
    public async ValueTask<CredentialHandle> IssueAsync(
        string backend,
        AgentGuardContext context,
        IEnumerable<string>? tools = null,
        TimeSpan? lifetime = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(backend);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(context.SessionId, nameof(context));
        var compiled = _backends.Get(backend);
        string[] bound = tools is null ? [.. compiled.Tools] : [.. tools];
        if (bound.Length == 0 || bound.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("A handle must allow at least one tool, and no tool name may be empty.", nameof(tools));
        }

        var maximum = _backends.Options.HandleLifetime;
        var life = lifetime ?? maximum;
        if (life <= TimeSpan.Zero || life > maximum)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), $"A handle's lifetime must be more than zero and at most {maximum}.");
        }

        var now = _time.GetUtcNow();
        var binding = new CredentialHandleBinding(compiled.Name, context.SessionId, context.AgentId, context.UserId, bound, now, now + life);
        var value = CredentialHandleFormat.Create();
        await _store.AddAsync(value, binding, cancellationToken).ConfigureAwait(false);
        CredentialLog.HandleIssued(_logger, compiled.Name, context.SessionId, context.AgentId, context.UserId, binding.ExpiresAt);
        return new CredentialHandle(value, binding);
    }

    /// <summary>Revokes one handle.</summary>
    /// <param name="handle">The handle's value.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when the handle existed.</returns>
    public ValueTask<bool> RevokeAsync(string handle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return _store.RemoveAsync(handle, cancellationToken);
    }

    /// <summary>Revokes every handle issued to a session (when it ends, or is halted).</summary>
    /// <param name="sessionId">The session.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>How many handles were revoked.</returns>
    public ValueTask<int> RevokeSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        return _store.RemoveSessionAsync(sessionId, cancellationToken);
    }

    /// <summary>Decides whether a call may use a handle.</summary>
    /// <param name="handle">The handle's value as presented.</param>
    /// <param name="call">The call presenting it.</param>
    /// <param name="backend">The backend it is presented to, or <see langword="null"/> when it appears in arguments.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see cref="CredentialHandleStatus.Valid"/>, or why not.</returns>
    public async ValueTask<CredentialHandleStatus> ValidateAsync(string handle, ToolCall call, string? backend, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(call);
        if (!CredentialHandleFormat.IsHandle(handle))
        {
            return CredentialHandleStatus.Unknown;
        }

        var binding = await _store.FindAsync(handle, cancellationToken).ConfigureAwait(false);
        if (binding is null)
        {
            return CredentialHandleStatus.Unknown;
        }

        if (_time.GetUtcNow() >= binding.ExpiresAt)
        {
            return CredentialHandleStatus.Expired;
        }

        if (backend is not null && !string.Equals(backend, binding.Backend, StringComparison.Ordinal))
        {
            return CredentialHandleStatus.WrongBackend;
        }

        if (!string.Equals(call.SessionId, binding.SessionId, StringComparison.Ordinal))
        {
            return CredentialHandleStatus.WrongSession;
        }

        if (!string.Equals(call.AgentId, binding.AgentId, StringComparison.Ordinal))
        {
            return CredentialHandleStatus.WrongAgent;
        }

        if (!string.Equals(call.UserId, binding.UserId, StringComparison.Ordinal))
        {
            return CredentialHandleStatus.WrongUser;
        }

        var toolAllowed = false;
        foreach (var pattern in binding.Tools)
        {
            toolAllowed |= Glob.IsMatch(pattern, call.ToolName);
        }

        return toolAllowed && _backends.TryGet(binding.Backend, out var compiled) && compiled.AllowsTool(call.ToolName)
            ? CredentialHandleStatus.Valid
            : CredentialHandleStatus.WrongTool;
    }

    internal static string Describe(CredentialHandleStatus status) => status switch
    {
        CredentialHandleStatus.Unknown => "the credential handle is unknown or was revoked",
        CredentialHandleStatus.Expired => "the credential handle has expired",
        CredentialHandleStatus.WrongSession => "the credential handle belongs to another session",
        CredentialHandleStatus.WrongAgent => "the credential handle belongs to another agent",
        CredentialHandleStatus.WrongUser => "the credential handle belongs to another user",
        CredentialHandleStatus.WrongTool => "the credential handle does not allow this tool",
        CredentialHandleStatus.WrongBackend => "the credential handle is for another backend",
        _ => "the credential handle is valid",
    };
}
