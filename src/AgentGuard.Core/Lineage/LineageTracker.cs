using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace AgentGuard;

/// <summary>Per-session data lineage: remembers, as keyed fingerprints of canonical forms, what the delegating user said
/// and what each tool returned, and tells for an argument value whether the user asked for it, the persona declares it,
/// only a tool result holds it (and which), or nobody does.</summary>
/// <remarks>
/// <para>Hosts that see the conversation pass its messages to <see cref="ObserveMessageAsync"/>, directly or through the
/// engine (which implements <see cref="IConversationObserver"/> and forwards to this tracker): the Microsoft.Extensions.AI
/// chat client, the trace replayer, a Semantic Kernel filter with the chat history. Results are recorded by the
/// engine's result stage.</para>
/// <para>Thread-safe. No raw value is kept: only 64-bit SipHash fingerprints, plus the tool name and resource of each
/// result (metadata the audit trail records too).</para>
/// </remarks>
public sealed class LineageTracker : IConversationObserver
{
    private const byte MessageDomain = 47;
    private const int MaxSeenMessages = 4096;
    private const int MaxSourcesNamed = 3;
    private readonly ConcurrentDictionary<string, LineageSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<CompiledPersona, HashSet<ulong>> _personaValues = [];
    private readonly LineageFingerprints _fingerprints;
    private readonly LineageOptions _options;
    private readonly TimeProvider _time;
    private int _operations;

    /// <summary>Initializes a new instance of the <see cref="LineageTracker"/> class.</summary>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">The clock (session expiry); defaults to <see cref="TimeProvider.System"/>.</param>
    public LineageTracker(LineageOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? new LineageOptions();
        _time = timeProvider ?? TimeProvider.System;
        _fingerprints = new LineageFingerprints(Fingerprinter.Create(_options.FingerprintKey));
    }

    /// <summary>Gets the options.</summary>
    public LineageOptions Options => _options;

    /// <inheritdoc />
    /// <remarks>Only <c>user</c> (trusted intent) and <c>system</c> (the developer's instructions, counted with the
    /// persona's values) messages are recorded; a message seen before (chat clients resend the history) is skipped.</remarks>
    public ValueTask ObserveMessageAsync(ConversationMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var isUser = string.Equals(message.Role, "user", StringComparison.OrdinalIgnoreCase);
        if (!isUser && !string.Equals(message.Role, "system", StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(message.SessionId))
        {
            return default;
        }

        var content = message.Content ?? string.Empty;
        var digest = _fingerprints.Hash(content, MessageDomain);
        var session = Session(message.SessionId);
        lock (session.Gate)
        {
            if (session.SeenMessages.Contains(digest))
            {
                session.HasConversation |= isUser;
                return default;
            }
        }

        var found = new HashSet<ulong>();
        _fingerprints.FromText(content, found, _options.MaxFingerprintsPerSource);
        lock (session.Gate)
        {
            if (session.SeenMessages.Count >= MaxSeenMessages)
            {
                session.SeenMessages.Clear();
            }

            session.SeenMessages.Add(digest);
            var into = isUser ? session.User : session.System;
            var room = _options.MaxFingerprintsPerSource * 8;
            foreach (var fingerprint in found)
            {
                if (into.Count >= room)
                {
                    break;
                }

                into.Add(fingerprint);
            }

            session.HasConversation |= isUser;
        }

        MaybePrune();
        return default;
    }

    /// <summary>Gets a value indicating whether a user message of the session has been observed.</summary>
    /// <param name="sessionId">The session.</param>
    /// <returns><see langword="true"/> when the session has a recorded conversation.</returns>
    public bool HasConversation(string sessionId) =>
        _sessions.TryGetValue(sessionId, out var session) && session.HasConversation;

    /// <summary>Forgets a session's lineage.</summary>
    /// <param name="sessionId">The session.</param>
    /// <returns><see langword="true"/> when the session was known.</returns>
    public bool Forget(string sessionId) => _sessions.TryRemove(sessionId, out _);

    /// <summary>Remembers a tool result's values as coming from that tool and resource.</summary>
    internal void RecordResult(ToolCall call, ToolResult result)
    {
        if (result.Content is not { } content)
        {
            return;
        }

        if (Existing(call.SessionId) is not { } session)
        {
            return;
        }

        var values = new HashSet<ulong>();
        _fingerprints.FromJson(content, values, _options.MaxFingerprintsPerSource);

        // What the call itself sent was known before the result ("sent to bob@…", a search echoing its query): it keeps
        // the lineage it had, instead of being laundered into "came from a tool result".
        var sent = new HashSet<ulong>();
        _fingerprints.FromJson(call.Arguments, sent, _options.MaxFingerprintsPerSource);
        values.ExceptWith(sent);
        var pointers = new HashSet<ulong>();
        if (result.Resource is { Length: > 0 } resource)
        {
            _fingerprints.FromResource(resource, pointers, 64);
        }

        if (call.Arguments.ValueKind == JsonValueKind.Object)
        {
            var list = new List<ulong>(4);
            foreach (var property in call.Arguments.EnumerateObject())
            {
                if (property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number
                    && (property.Value.ValueKind == JsonValueKind.Number || LineageNormalizer.IsIdentifying(property.Value.GetString()!)))
                {
                    list.Clear();
                    _fingerprints.FromValue(property.Value, list);
                    pointers.UnionWith(list);
                    if (property.Value.ValueKind == JsonValueKind.String)
                    {
                        _fingerprints.FromResource(property.Value.GetString()!, pointers, 64);
                    }
                }
            }
        }

        var source = new LineageSource(call.ToolName, Shorten(result.Resource), _time.GetUtcNow(), values, pointers);
        lock (session.Gate)
        {
            if (session.Results.Count >= _options.MaxResultsPerSession)
            {
                session.Results.RemoveAt(0);
            }

            session.Results.Add(source);
        }
    }

    /// <summary>Classifies the sensitive argument values of a call, or returns an empty list when lineage does not apply.</summary>
    internal IReadOnlyList<LineageFinding> Classify(string sessionId, CompiledPersona persona, ResolvedTool tool, JsonElement arguments)
    {
        if (!LineageArgumentSelector.Applies(tool))
        {
            return [];
        }

        if (Existing(sessionId) is not { } session)
        {
            return [];
        }

        var leaves = LineageArgumentSelector.Collect(tool, arguments);
        if (leaves.Count == 0)
        {
            return [];
        }

        var personaValues = _personaValues.GetValue(persona, PersonaValues);
        var findings = new List<LineageFinding>();
        var origins = new LineageFinding?[leaves.Count];
        var fingerprints = new List<ulong>(4);
        lock (session.Gate)
        {
            for (var i = 0; i < leaves.Count; i++)
            {
                fingerprints.Clear();
                var kind = leaves[i].Part is { } part ? _fingerprints.FromValue(part, fingerprints) : _fingerprints.FromValue(leaves[i].Value, fingerprints);
                if (fingerprints.Count == 0)
                {
                    continue;
                }

                var typed = kind is LineageValueKind.Recipient or LineageValueKind.Url or LineageValueKind.Iban;
                if (leaves[i].Selected || typed)
                {
                    origins[i] = Locate(session, personaValues, leaves[i].Path, kind, fingerprints);
                }
            }

            JoinSplitValues(session, personaValues, leaves, origins, fingerprints);
        }

        foreach (var finding in origins)
        {
            if (finding is not null)
            {
                findings.Add(finding);
            }
        }

        MaybePrune();
        return findings;
    }

    /// <summary>Looks for values split across two arguments (<c>user</c> + <c>domain</c>, an IBAN in two halves): the
    /// joined value, found in a tool result, marks both parts unless both were asked for.</summary>
    private void JoinSplitValues(LineageSession session, HashSet<ulong> personaValues, List<LineageArgumentSelector.Leaf> leaves, LineageFinding?[] origins, List<ulong> fingerprints)
    {
        var own = new List<ulong>(8);
        for (var a = 0; a < leaves.Count; a++)
        {
            if (!LineageArgumentSelector.Joinable(leaves[a]))
            {
                continue;
            }

            for (var b = 0; b < leaves.Count; b++)
            {
                // A part the user or persona vouches for is not half of a planted value; two unselected parts
                // (a subject and a body) are not a destination.
                if (a == b || !LineageArgumentSelector.Joinable(leaves[b]) || Trusted(origins[a]) || Trusted(origins[b])
                    || !leaves[a].Selected && !leaves[b].Selected)
                {
                    continue;
                }

                var left = leaves[a].Text!.Trim();
                var right = leaves[b].Text!.Trim();
                own.Clear();
                _fingerprints.FromValue(left, own);
                _fingerprints.FromValue(right, own);
                foreach (var joined in (ReadOnlySpan<string>)[left + "@" + right, left + right, left + "/" + right])
                {
                    fingerprints.Clear();
                    var kind = _fingerprints.FromValue(joined, fingerprints);
                    if (kind is not (LineageValueKind.Recipient or LineageValueKind.Url or LineageValueKind.Iban))
                    {
                        continue;
                    }

                    // Only what the join adds counts: a URL with a word appended still has the URL's own query-less form.
                    fingerprints.RemoveAll(own.Contains);
                    var found = fingerprints.Count == 0 ? null : Locate(session, personaValues, leaves[a].Path, kind, fingerprints);
                    if (found?.Origin is LineageOrigin.ToolResult or LineageOrigin.NamedResult)
                    {
                        Mark(a, b, found);
                        Mark(b, a, found);
                        break;
                    }
                }
            }
        }

        void Mark(int index, int other, LineageFinding found)
        {
            if (origins[index] is { Origin: LineageOrigin.ToolResult or LineageOrigin.NamedResult })
            {
                return;
            }

            origins[index] = found with { Argument = leaves[index].Path, JoinedWith = leaves[other].Path };
        }

        static bool Trusted(LineageFinding? finding) => finding?.Origin is LineageOrigin.User or LineageOrigin.Persona;
    }

    private static LineageFinding Locate(LineageSession session, HashSet<ulong> personaValues, string path, LineageValueKind kind, List<ulong> fingerprints)
    {
        if (AnyIn(session.User, fingerprints))
        {
            return new LineageFinding(path, kind, LineageOrigin.User, []);
        }

        if (AnyIn(personaValues, fingerprints) || AnyIn(session.System, fingerprints))
        {
            return new LineageFinding(path, kind, LineageOrigin.Persona, []);
        }

        List<LineageSource>? sources = null;
        var named = false;
        for (var i = session.Results.Count - 1; i >= 0; i--)
        {
            var source = session.Results[i];
            if (AnyIn(source.Values, fingerprints))
            {
                var pointed = source.Pointers.Overlaps(session.User);
                if (pointed && !named)
                {
                    sources?.Clear();
                    named = true;
                }

                if (pointed == named && (sources ??= []).Count < MaxSourcesNamed)
                {
                    sources.Add(source);
                }
            }
        }

        return sources is null
            ? new LineageFinding(path, kind, LineageOrigin.Unknown, [])
            : new LineageFinding(path, kind, named ? LineageOrigin.NamedResult : LineageOrigin.ToolResult, sources);
    }

    private static bool AnyIn(HashSet<ulong> set, List<ulong> fingerprints)
    {
        foreach (var fingerprint in fingerprints)
        {
            if (set.Contains(fingerprint))
            {
                return true;
            }
        }

        return false;
    }

    private HashSet<ulong> PersonaValues(CompiledPersona persona)
    {
        var values = new HashSet<ulong>();
        var list = new List<ulong>(4);
        void Add(string value)
        {
            list.Clear();
            _fingerprints.FromValue(value, list);
            values.UnionWith(list);
        }

        foreach (var trusted in persona.Persona.Lineage.Trusted)
        {
            Add(trusted);
        }

        foreach (var grant in persona.Persona.Tools)
        {
            if (grant.Args is null)
            {
                continue;
            }

            foreach (var constraint in grant.Args.Values)
            {
                foreach (var value in constraint.Enum ?? [])
                {
                    Add(value);
                }
            }
        }

        return values;
    }

    private LineageSession Session(string sessionId)
    {
        var session = _sessions.GetOrAdd(sessionId, static _ => new LineageSession());
        session.Touch(_time.GetUtcNow());
        return session;
    }

    /// <summary>The session to record into or classify against: only one with a conversation, unless none is required
    /// (so hosts that never see a conversation do not grow a session per call).</summary>
    private LineageSession? Existing(string sessionId)
    {
        if (_options.RequireConversation)
        {
            if (!_sessions.TryGetValue(sessionId, out var known) || !known.HasConversation)
            {
                return null;
            }

            known.Touch(_time.GetUtcNow());
            return known;
        }

        return Session(sessionId);
    }

    private void MaybePrune()
    {
        if ((Interlocked.Increment(ref _operations) & 1023) != 0)
        {
            return;
        }

        var cutoff = _time.GetUtcNow() - _options.SessionIdleTimeout;
        foreach (var (id, session) in _sessions)
        {
            if (session.LastSeen < cutoff.UtcTicks)
            {
                _sessions.TryRemove(id, out _);
            }
        }
    }

    private static string? Shorten(string? resource) =>
        resource is null ? null : CompiledArguments.Printable(resource.Length <= 120 ? resource : resource[..120] + "…");
}
