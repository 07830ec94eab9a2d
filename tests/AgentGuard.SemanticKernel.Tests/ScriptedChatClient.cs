using Microsoft.Extensions.AI;

namespace AgentGuard.SemanticKernel.Tests;

/// <summary>A model that answers from a script, one response per request, and records what it was sent.</summary>
internal sealed class ScriptedChatClient(params ChatResponse[] script) : IChatClient
{
    private readonly Queue<ChatResponse> _script = new(script);
    private readonly ChatClientMetadata _metadata = new("scripted", new Uri("http://localhost/"), "scripted-model");

    public List<List<ChatMessage>> Requests { get; } = [];

    /// <summary>A response asking for the given function calls, in one turn.</summary>
    public static ChatResponse Calls(params FunctionCallContent[] calls) => new(new ChatMessage(ChatRole.Assistant, [.. calls]));

    public static ChatResponse Text(string text) => new(new ChatMessage(ChatRole.Assistant, text));

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Requests.Add([.. messages]);
        return Task.FromResult(_script.Count > 0 ? _script.Dequeue() : throw new InvalidOperationException("the script has no more responses"));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }
}
