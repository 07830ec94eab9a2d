using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentGuard;

/// <summary>An MCP client tool that runs only while its definition is the approved one.</summary>
/// <remarks>Sits inside the guarded function: an agent that kept a tool from before a <c>tools/list_changed</c> cannot
/// use it once its definition was refused, even when the guard has no <see cref="McpToolTrustCheck"/>. The model reads an
/// MCP error result, which the guard sees as a failed call.</remarks>
internal sealed class PinnedMcpTool(McpClientTool inner, string server, string sha256, McpToolTrust trust) : DelegatingAIFunction(inner)
{
    private static readonly JsonTypeInfo<CallToolResult> s_resultType =
        (JsonTypeInfo<CallToolResult>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult));

    protected override ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var name = inner.ProtocolTool.Name;
        if (trust.IsApproved(server, name, out var approved) && string.Equals(approved, sha256, StringComparison.Ordinal))
        {
            return base.InvokeCoreAsync(arguments, cancellationToken);
        }

        var reason = trust.TryGetRefusal(McpToolNames.Qualify(server, name), out var refusal) && refusal is not null
            ? refusal.Reason
            : $"the definition of '{McpToolNames.Qualify(server, name)}' is no longer the approved one";
        var result = McpToolResults.Text($"refused by AgentGuard: {reason}", isError: true);
        return new ValueTask<object?>(JsonSerializer.SerializeToElement(result, s_resultType));
    }
}
