using System.Diagnostics.CodeAnalysis;
using Microsoft.SemanticKernel;

namespace AgentGuard.Samples.SemanticKernel;

/// <summary>A plugin over a fixed set of functions (what <c>KernelPluginFactory.CreateFromFunctions</c> in the full
/// package does).</summary>
internal sealed class FunctionPlugin : KernelPlugin
{
    private readonly Dictionary<string, KernelFunction> _functions;

    public FunctionPlugin(string name, params KernelFunction[] functions)
        : base(name) =>
        _functions = functions.ToDictionary(f => f.Name, f => f.Clone(name), StringComparer.OrdinalIgnoreCase);

    public override int FunctionCount => _functions.Count;

    public override bool TryGetFunction(string name, [NotNullWhen(true)] out KernelFunction? function) => _functions.TryGetValue(name, out function);

    public override IEnumerator<KernelFunction> GetEnumerator() => _functions.Values.GetEnumerator();
}
