using System.CommandLine;
using AgentGuard.Cli.Commands;

namespace AgentGuard.Cli;

/// <summary>Every verb of the CLI; each lives in its own file under Commands/.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create(CliIo io)
    {
        yield return ValidateCommand.Create(io);
        yield return ReplayCommand.Create(io);
        yield return ScanCommand.Create(io);
        yield return AuditCommand.Create(io);
        yield return McpCommand.Create(io);
        yield return InferCommand.Create(io);
        yield return ServeCommand.Create(io);
    }
}
