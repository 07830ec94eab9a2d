using System.CommandLine;
using AgentGuard.Cli.Commands;

namespace AgentGuard.Cli;

/// <summary>The <c>agentguard</c> command line.</summary>
/// <remarks>Exit codes: 0 success, 1 the check found something (an unmet expectation, a finding), 2 bad input.</remarks>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = BuildRootCommand(Console.Out, Console.Error, Console.In);
        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
    }

    internal static RootCommand BuildRootCommand(TextWriter stdout, TextWriter stderr, TextReader stdin)
    {
        var root = new RootCommand("AgentGuard: zero trust for AI agents' tool calls.");
        var io = new CliIo(stdout, stderr, stdin);
        foreach (var command in CommandCatalog.Create(io))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }
}
