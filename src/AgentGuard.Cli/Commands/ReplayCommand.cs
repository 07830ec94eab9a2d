using System.CommandLine;

namespace AgentGuard.Cli.Commands;

internal static class ReplayCommand
{
    public static Command Create(CliIo io) => new("replay", "(being built)");
}
