using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace AgentGuard.Samples;

/// <summary>A minimal function-invocation loop, standing in for Microsoft.Extensions.AI's FunctionInvokingChatClient.</summary>
/// <remarks>
/// Asks the inner client; for every <see cref="FunctionCallContent"/> in the answer, invokes the same-named
/// <see cref="AIFunction"/> from the request's <see cref="ChatOptions.Tools"/> (so a guarding layer above it that
/// replaced the tools is honoured), appends a <see cref="FunctionResultContent"/>, and asks again until the model
/// answers without calls. Like the real one, a throwing function becomes an error result the model reads
/// (<c>"Error: Function failed."</c>) rather than ending the loop. It passes the model's call id to the function in
/// <see cref="AIFunctionArguments.Context"/> under <see cref="AgentGuardPropertyNames.CallId"/>.
/// </remarks>
public sealed class MiniFunctionInvokingChatClient(IChatClient innerClient) : DelegatingChatClient(innerClient)
{
    private readonly List<Exception> _exceptions = [];

    /// <summary>Gets or sets the most model round trips per request.</summary>
    public int MaxIterations { get; set; } = 20;

    /// <summary>Gets or sets a value indicating whether exception messages are shown to the model.</summary>
    public bool IncludeDetailedErrors { get; set; }

    /// <summary>Gets the exceptions functions threw, in order.</summary>
    public IReadOnlyList<Exception> Exceptions
    {
        get
        {
            lock (_exceptions)
            {
                return [.. _exceptions];
            }
        }
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        List<ChatMessage> history = [.. messages];
        List<ChatMessage> produced = [];
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var response = await base.GetResponseAsync(history, options, cancellationToken).ConfigureAwait(false);
            history.AddRange(response.Messages);
            produced.AddRange(response.Messages);
            var calls = response.Messages.SelectMany(static m => m.Contents).OfType<FunctionCallContent>().ToList();
            if (calls.Count == 0)
            {
                return new ChatResponse(produced) { FinishReason = response.FinishReason, ModelId = response.ModelId };
            }

            var results = await InvokeAllAsync(calls, options, cancellationToken).ConfigureAwait(false);
            history.Add(results);
            produced.Add(results);
        }

        throw new InvalidOperationException($"The model was still calling tools after {MaxIterations} iterations.");
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<ChatMessage> history = [.. messages];
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            List<ChatResponseUpdate> updates = [];
            await foreach (var update in base.GetStreamingResponseAsync(history, options, cancellationToken).ConfigureAwait(false))
            {
                updates.Add(update);
                yield return update;
            }

            var response = updates.ToChatResponse();
            history.AddRange(response.Messages);
            var calls = response.Messages.SelectMany(static m => m.Contents).OfType<FunctionCallContent>().ToList();
            if (calls.Count == 0)
            {
                yield break;
            }

            var results = await InvokeAllAsync(calls, options, cancellationToken).ConfigureAwait(false);
            history.Add(results);
            yield return new ChatResponseUpdate(ChatRole.Tool, results.Contents);
        }

        throw new InvalidOperationException($"The model was still calling tools after {MaxIterations} iterations.");
    }

    private async Task<ChatMessage> InvokeAllAsync(List<FunctionCallContent> calls, ChatOptions? options, CancellationToken cancellationToken)
    {
        var results = new List<AIContent>(calls.Count);
        foreach (var call in calls)
        {
            results.Add(await InvokeAsync(call, options, cancellationToken).ConfigureAwait(false));
        }

        return new ChatMessage(ChatRole.Tool, results);
    }

    private async Task<FunctionResultContent> InvokeAsync(FunctionCallContent call, ChatOptions? options, CancellationToken cancellationToken)
    {
        var function = options?.Tools?.OfType<AIFunction>().FirstOrDefault(f => f.Name == call.Name);
        if (function is null)
        {
            return new FunctionResultContent(call.CallId, $"Error: Requested function \"{call.Name}\" not found.");
        }

        var arguments = new AIFunctionArguments(call.Arguments)
        {
            Context = new Dictionary<object, object?> { [AgentGuardPropertyNames.CallId] = call.CallId },
        };
        try
        {
            var result = await function.InvokeAsync(arguments, cancellationToken).ConfigureAwait(false);
            return new FunctionResultContent(call.CallId, result);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            lock (_exceptions)
            {
                _exceptions.Add(ex);
            }

            return new FunctionResultContent(call.CallId, IncludeDetailedErrors ? $"Error: Function failed. Exception: {ex.Message}" : "Error: Function failed.")
            {
                Exception = ex,
            };
        }
    }
}
