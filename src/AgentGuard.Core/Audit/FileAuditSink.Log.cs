using Microsoft.Extensions.Logging;

namespace AgentGuard;

public sealed partial class FileAuditSink
{
    // Event ids: 1100-1199 audit. The chain head is logged at every anchor and seal so that a copy of it lives outside
    // the audit directory (an external witness against truncation of the newest file).
    private static partial class Log
    {
        [LoggerMessage(1110, LogLevel.Information, "AgentGuard audit file {File} opened at record {Sequence}, anchored to {PreviousHash} ({Reason})")]
        public static partial void FileOpened(ILogger logger, string file, long sequence, string previousHash, string reason);

        [LoggerMessage(1111, LogLevel.Information, "AgentGuard audit file {File} sealed at record {Sequence}; chain head {Hash}")]
        public static partial void FileSealed(ILogger logger, string file, long sequence, string hash);

        [LoggerMessage(1112, LogLevel.Warning, "AgentGuard audit file {File} was not sealed (its writer stopped without shutting down); the chain resumes after record {Sequence}")]
        public static partial void PreviousNotSealed(ILogger logger, string file, long sequence);

        [LoggerMessage(1113, LogLevel.Error, "AgentGuard audit file {File} could not be sealed")]
        public static partial void SealFailed(ILogger logger, Exception exception, string file);
    }
}
