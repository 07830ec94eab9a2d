using System.CommandLine;
using AgentGuard.Cli.Commands;

namespace AgentGuard.Cli;

/// <summary>The <c>agentguard</c> command line.</summary>
/// <remarks>Exit codes: 0 success, 1 the check found something (an unmet expectation, a finding), 2 bad input.</remarks>
internal static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error, Console.In, CancellationToken.None);

    /// <summary>Parses and runs a command line; a command line that does not parse is bad input (exit 2).</summary>
    internal static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, TextReader stdin, CancellationToken cancellationToken)
    {
        var root = BuildRootCommand(stdout, stderr, stdin);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync(error.Message).ConfigureAwait(false);
            }

            await stderr.WriteLineAsync("run 'agentguard --help' for usage").ConfigureAwait(false);
            return CliIo.BadInput;
        }

        return await parse.InvokeAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
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
