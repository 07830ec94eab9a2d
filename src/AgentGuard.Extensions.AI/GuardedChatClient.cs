using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentGuard;

/// <summary>A chat client that hands the layers beneath it guarded versions of the request's tools, and carries the
/// request's AgentGuard identity to them.</summary>
/// <remarks>
/// <para>For every request, each <see cref="AIFunction"/> in <see cref="ChatOptions.Tools"/> is replaced by a
/// <see cref="GuardedAIFunction"/> (other tool kinds pass through untouched; a function already guarded anywhere in
/// its chain is not wrapped again). The caller's <see cref="ChatOptions"/> is never modified: a clone carries the
/// guarded tools. Identity in <see cref="ChatOptions.AdditionalProperties"/> (see <see cref="AgentGuardPropertyNames"/>)
/// overrides the ambient <see cref="AgentGuardContext.Current"/> field by field for the duration of the request.</para>
/// <para>Place it <em>outside</em> the function-invoking client (guarded client → function invocation → model): the
/// invoking layer then finds and calls the guarded functions. A function-invoking loop that sits above this client
/// resolves tools from its own options, so guard those functions directly with <c>AsGuarded</c>.</para>
/// <para>When the guard observes conversations (<see cref="IConversationObserver"/>, as the engine does for data lineage),
/// each request's user and system messages are passed to it under the request's session before the model runs, so the
/// guard knows which values the user asked for. Derived classes can change that through <see cref="ObserveMessagesAsync"/>.
/// Thread-safe.</para>
/// </remarks>
public partial class GuardedChatClient : DelegatingChatClient
{
    private readonly IAgentGuard _guard;
    private readonly GuardedFunctionOptions? _options;
    private readonly TimeProvider? _timeProvider;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly ILogger _logger;
    private readonly ConditionalWeakTable<AIFunction, GuardedAIFunction> _guarded = [];
    private readonly ConditionalWeakTable<AIFunction, GuardedAIFunction>.CreateValueCallback _createGuarded;

    /// <summary>Initializes a new instance of the <see cref="GuardedChatClient"/> class.</summary>
    /// <param name="innerClient">The client to delegate to.</param>
    /// <param name="guard">The guard the tools ask.</param>
    /// <param name="options">The options for the guarded functions; read when each function is first wrapped.</param>
    /// <param name="timeProvider">The clock that stamps calls; defaults to <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/> for no logging.</param>
    public GuardedChatClient(
        IChatClient innerClient,
        IAgentGuard guard,
        GuardedFunctionOptions? options = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
        : base(innerClient)
    {
        _guard = guard ?? throw new ArgumentNullException(nameof(guard));
        _options = options?.Clone();
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _logger = (ILogger?)loggerFactory?.CreateLogger<GuardedChatClient>() ?? NullLogger.Instance;
        _createGuarded = function => new GuardedAIFunction(function, _guard, _options, _timeProvider, _loggerFactory);
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        messages = messages as IReadOnlyCollection<ChatMessage> ?? [.. messages]; // observed and sent on: enumerate a lazy sequence once
        var identity = ResolveIdentity(options);
        await ObserveMessagesAsync(messages, identity, cancellationToken).ConfigureAwait(false);
        var guardedOptions = GuardTools(options, identity);
        using var scope = Enter(identity);
        return await base.GetResponseAsync(messages, guardedOptions, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        messages = messages as IReadOnlyCollection<ChatMessage> ?? [.. messages];
        var identity = ResolveIdentity(options);
        await ObserveMessagesAsync(messages, identity, cancellationToken).ConfigureAwait(false);
        var guardedOptions = GuardTools(options, identity);

        // An iterator's ambient values do not survive a yield (each MoveNextAsync runs in the consumer's context), so
        // the identity is re-established around every step of the inner stream, where the tools are invoked.
        IAsyncEnumerator<ChatResponseUpdate> updates;
        using (Enter(identity))
        {
            updates = base.GetStreamingResponseAsync(messages, guardedOptions, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }

        await using (updates.ConfigureAwait(false))
        {
            while (true)
            {
                using (Enter(identity))
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }

                yield return updates.Current;
            }
        }
    }

    /// <summary>Observes the messages of each request before it is sent on: by default, hands the user and system
    /// messages to the guard when it is an <see cref="IConversationObserver"/> and the request has a session.</summary>
    /// <param name="messages">The request's messages (materialized: safe to enumerate).</param>
    /// <param name="identity">The identity in force for the request, or <see langword="null"/> when none is known.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the messages have been observed.</returns>
    /// <remarks>The seam for checks that need what people said (data lineage: which values the user asked for). Tool
    /// results and the model's own messages are not passed: results reach the guard through the guarded functions, and
    /// what the model says is not the user's intent. The guard skips messages it has seen (histories are resent).</remarks>
    protected virtual async ValueTask ObserveMessagesAsync(IEnumerable<ChatMessage> messages, AgentGuardContext? identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (_guard is not IConversationObserver observer || identity?.SessionId is not { Length: > 0 } session)
        {
            return;
        }

        var now = (_timeProvider ?? TimeProvider.System).GetUtcNow();
        foreach (var message in messages)
        {
            var role = message.Role == ChatRole.User ? "user" : message.Role == ChatRole.System ? "system" : null;
            if (role is null || message.Text is not { Length: > 0 } text)
            {
                continue;
            }

            await observer.ObserveMessageAsync(new ConversationMessage(session, role, text, now), cancellationToken).ConfigureAwait(false);
        }
    }

    private static AgentGuardContext? ResolveIdentity(ChatOptions? options)
    {
        var ambient = AgentGuardContext.Current;
        var properties = options?.AdditionalProperties;
        if (properties is not { Count: > 0 })
        {
            return ambient;
        }

        return IdentityProperties.Merge(
            ambient,
            IdentityProperties.Read(properties, AgentGuardPropertyNames.Session),
            IdentityProperties.Read(properties, AgentGuardPropertyNames.User),
            IdentityProperties.Read(properties, AgentGuardPropertyNames.Agent),
            IdentityProperties.Read(properties, AgentGuardPropertyNames.Persona));
    }

    private static IDisposable? Enter(AgentGuardContext? identity) =>
        identity is null || ReferenceEquals(identity, AgentGuardContext.Current) ? null : AgentGuardContext.Push(identity);

    private ChatOptions? GuardTools(ChatOptions? options, AgentGuardContext? identity)
    {
        if (options?.Tools is not { Count: > 0 } tools)
        {
            return options;
        }

        List<AITool>? guarded = null;
        for (var i = 0; i < tools.Count; i++)
        {
            var tool = tools[i];
            if (tool is AIFunction function && function.GetService<GuardedAIFunction>() is null)
            {
                guarded ??= [.. tools];
                guarded[i] = _guarded.GetValue(function, _createGuarded);
            }
        }

        if (guarded is null)
        {
            return options;
        }

        if (identity is null)
        {
            Log.NoIdentity(_logger, guarded.Count);
        }

        var clone = options.Clone();
        clone.Tools = guarded;
        return clone;
    }
}
