using AgentGuard.Samples;
using Microsoft.Extensions.AI;

namespace AgentGuard.Samples.SemanticKernel;

/// <summary>The scripted model, described as a model: Semantic Kernel's chat service asks its client for
/// <see cref="ChatClientMetadata"/>.</summary>
internal sealed class ScriptedModel(ScriptedChatClient script) : DelegatingChatClient(script)
{
    private readonly ChatClientMetadata _metadata = new("scripted", null, "scripted-support-model");

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? _metadata : base.GetService(serviceType, serviceKey);
}
