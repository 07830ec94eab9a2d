using Microsoft.Extensions.AI;

namespace AgentGuard.Extensions.AI.Tests;

/// <summary>A tool whose behavior a test supplies; records the arguments of every invocation.</summary>
internal sealed class RecordingFunction(string name, Func<AIFunctionArguments, object?> behavior) : AIFunction
{
    private readonly List<AIFunctionArguments> _invocations = [];

    public override string Name => name;

    public override string Description => $"test tool {name}";

    public IReadOnlyList<AIFunctionArguments> Invocations
    {
        get
        {
            lock (_invocations)
            {
                return [.. _invocations];
            }
        }
    }

    public static RecordingFunction Returning(string name, object? value) => new(name, _ => value);

    protected override ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_invocations)
        {
            _invocations.Add(arguments);
        }

        return new(behavior(arguments));
    }
}
