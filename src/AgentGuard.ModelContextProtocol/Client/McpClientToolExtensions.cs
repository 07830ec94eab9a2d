using AgentGuard;
using Microsoft.Extensions.AI;

namespace ModelContextProtocol.Client;

/// <summary>Guards MCP client tools with AgentGuard.</summary>
public static class McpClientToolExtensions
{
    /// <summary>Wraps an MCP client tool so that AgentGuard authorizes every call and inspects every result, with the tool
    /// named <c>server.tool</c> for personas and MCP error results reported as denied or failed calls.</summary>
    /// <param name="tool">The tool.</param>
    /// <param name="server">The server's name: the namespace of its tools in personas and catalogs.</param>
    /// <param name="guard">The guard to ask.</param>
    /// <param name="options">Options for the guarded function; its tool name and result classifier are set here.</param>
    /// <param name="timeProvider">The clock that stamps calls; defaults to <see cref="TimeProvider.System"/>.</param>
    /// <returns>The guarded function.</returns>
    /// <remarks>This guards the call but does not check the tool's definition against a pin: use
    /// <see cref="GuardedMcpClient"/> for tools from the trusted tool registry.</remarks>
    public static AIFunction AsGuarded(this McpClientTool tool, string server, IAgentGuard guard, GuardedFunctionOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(guard);
        return new GuardedAIFunction(tool, guard, ForTool(options, server, tool.ProtocolTool.Name), timeProvider);
    }

    internal static GuardedFunctionOptions ForTool(GuardedFunctionOptions? options, string server, string toolName)
    {
        if (!McpServerIdentity.IsValidName(server))
        {
            throw new ArgumentException($"'{server}' is not a valid server name (letters, digits, '_' and '-').", nameof(server));
        }

        var qualified = McpToolNames.Qualify(server, toolName);
        var outer = options?.ResultClassifier;
        return new GuardedFunctionOptions
        {
            ToolNameSelector = _ => qualified,
            ThrowOnDeny = options?.ThrowOnDeny ?? false,
            DenialPrefix = options?.DenialPrefix,
            BackendDeniedMessage = options?.BackendDeniedMessage ?? new GuardedFunctionOptions().BackendDeniedMessage,
            ResultClassifier = outer is null
                ? McpToolResults.ClassifyFunctionResult
                : (value, result) => outer(value, McpToolResults.ClassifyFunctionResult(value, result)),
        };
    }
}
