using Microsoft.Extensions.Logging;

namespace AgentGuard;

public partial class GuardedChatClient
{
    // Event ids: 2000-2099 Microsoft.Extensions.AI adapter (2050+ for the chat client).
    private static partial class Log
    {
        [LoggerMessage(2051, LogLevel.Warning, "A request offers {Count} tools but carries no AgentGuard session (no ambient AgentGuardContext, no 'agentguard.session' property); every tool call will be refused")]
        public static partial void NoIdentity(ILogger logger, int count);
    }
}
