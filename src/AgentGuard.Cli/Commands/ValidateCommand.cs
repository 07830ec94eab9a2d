using System.CommandLine;

namespace AgentGuard.Cli.Commands;

internal static class ValidateCommand
{
    public static Command Create(CliIo io) => new("validate", "(being built)");
}
