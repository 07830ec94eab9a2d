using Microsoft.SemanticKernel;

namespace AgentGuard;

/// <summary>Marks the one function invocation that <see cref="AgentGuardAutoFunctionFilter"/> already guards, so that
/// <see cref="AgentGuardFunctionFilter"/> beneath it does not ask the guard a second time for the same call.</summary>
/// <remarks>The mark flows down the async call that the auto filter makes and is claimed once, by the invocation of
/// exactly that function object: a function that in turn invokes another kernel function (or itself again) is guarded
/// again. The mark is not reachable from the model: it lives in an <see cref="AsyncLocal{T}"/>, not in the arguments.</remarks>
internal sealed class AutoInvocation
{
    private static readonly AsyncLocal<AutoInvocation?> s_pending = new();

    private readonly KernelFunction _function;
    private int _claimed;

    private AutoInvocation(KernelFunction function) => _function = function;

    public static AutoInvocation? Current
    {
        get => s_pending.Value;
        set => s_pending.Value = value;
    }

    public static AutoInvocation For(KernelFunction function) => new(function);

    /// <summary>Claims the mark for <paramref name="function"/>; true once, for that very function object.</summary>
    public static bool TryClaim(KernelFunction function) =>
        s_pending.Value is { } pending
        && ReferenceEquals(pending._function, function)
        && Interlocked.Exchange(ref pending._claimed, 1) == 0;
}
