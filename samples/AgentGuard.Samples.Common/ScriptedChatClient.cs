using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AgentGuard.Samples;

/// <summary>A model stand-in that answers each request with the next turn of a script and records what it was sent.</summary>
/// <remarks>
/// Turns are tool calls (<see cref="CallTool"/>, <see cref="CallTools"/>), text replies (<see cref="Reply"/>) or
/// computed from the conversation so far (<see cref="Then"/>). Asking past the end of the script throws, so a test
/// notices a loop that goes round more often than expected. Thread-safe enough for one conversation at a time.
/// </remarks>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly Queue<Func<IReadOnlyList<ChatMessage>, ChatResponse>> _turns = new();
    private readonly List<ScriptedRequest> _requests = [];
    private readonly Lock _gate = new();
    private int _nextCallId;

    /// <summary>Gets every request received, in order.</summary>
    public IReadOnlyList<ScriptedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Gets how many scripted turns are left.</summary>
    public int RemainingTurns
    {
        get
        {
            lock (_gate)
            {
                return _turns.Count;
            }
        }
    }

    /// <summary>Adds a turn in which the model calls one tool.</summary>
    /// <param name="name">The tool's name as the model knows it.</param>
    /// <param name="argumentsJson">The arguments as a JSON object, as a model would produce them.</param>
    /// <param name="callId">The call id; generated (<c>call_1</c>, <c>call_2</c>, …) when omitted.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient CallTool(string name, string argumentsJson = "{}", string? callId = null) =>
        CallTools((name, argumentsJson, callId));

    /// <summary>Adds a turn in which the model calls several tools at once.</summary>
    /// <param name="calls">The calls: name, arguments as a JSON object, and optional call id.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient CallTools(params (string Name, string ArgumentsJson, string? CallId)[] calls)
    {
        var contents = new List<AIContent>();
        foreach (var (name, json, callId) in calls)
        {
            contents.Add(new FunctionCallContent(callId ?? $"call_{Interlocked.Increment(ref _nextCallId)}", name, ParseArguments(json)));
        }

        return Then(_ => new ChatResponse(new ChatMessage(ChatRole.Assistant, contents)));
    }

    /// <summary>Adds a turn in which the model answers with text (which ends a function-invocation loop).</summary>
    /// <param name="text">The text.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient Reply(string text) => Then(_ => new ChatResponse(new ChatMessage(ChatRole.Assistant, text)));

    /// <summary>Adds a turn computed from the messages the model receives.</summary>
    /// <param name="turn">Builds the response.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient Then(Func<IReadOnlyList<ChatMessage>, ChatResponse> turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        lock (_gate)
        {
            _turns.Enqueue(turn);
        }

        return this;
    }

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Next(messages, options));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = Next(messages, options);
        foreach (var update in response.ToChatResponseUpdates())
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return update;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    /// <inheritdoc />
    public void Dispose()
    {
    }

    /// <summary>Parses a JSON object into arguments the way model clients do: one <see cref="JsonElement"/> per argument.</summary>
    /// <param name="json">The JSON object.</param>
    /// <returns>The arguments.</returns>
    public static Dictionary<string, object?> ParseArguments(string json)
    {
        using var document = JsonDocument.Parse(json);
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            arguments[property.Name] = property.Value.Clone();
        }

        return arguments;
    }

    private ChatResponse Next(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        List<ChatMessage> snapshot = [.. messages];
        Func<IReadOnlyList<ChatMessage>, ChatResponse> turn;
        lock (_gate)
        {
            _requests.Add(new ScriptedRequest(snapshot, options));
            if (!_turns.TryDequeue(out turn!))
            {
                throw new InvalidOperationException($"The script is exhausted: request {_requests.Count} has no scripted turn.");
            }
        }

        return turn(snapshot);
    }
}
