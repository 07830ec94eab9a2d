using System.Diagnostics.CodeAnalysis;
using Microsoft.SemanticKernel;

namespace AgentGuard.SemanticKernel.Tests;

/// <summary>A plugin over given functions (the Abstractions package has no concrete plugin type of its own).</summary>
internal sealed class TestPlugin : KernelPlugin
{
    private readonly Dictionary<string, KernelFunction> _functions;

    public TestPlugin(string name, params KernelFunction[] functions)
        : base(name) =>
        _functions = functions.ToDictionary(f => f.Name, f => f.Clone(name), StringComparer.OrdinalIgnoreCase);

    public override int FunctionCount => _functions.Count;

    public override bool TryGetFunction(string name, [NotNullWhen(true)] out KernelFunction? function) => _functions.TryGetValue(name, out function);

    public override IEnumerator<KernelFunction> GetEnumerator() => _functions.Values.GetEnumerator();
}
