using Microsoft.SemanticKernel;

namespace AgentGuard;

/// <summary>One function invocation as either Semantic Kernel filter sees it.</summary>
internal interface IKernelInvocation
{
    KernelFunction Function { get; }

    KernelArguments? Arguments { get; }

    FunctionResult Result { get; set; }

    /// <summary>Runs the rest of the filter pipeline and the function.</summary>
    Task NextAsync();
}
