using Spectre.Console;

namespace AgentGuard.Cli;

/// <summary>Spectre.Console on a plain writer: no colour codes when the output is redirected, and a wide table.</summary>
internal static class CliConsole
{
    public static IAnsiConsole Create(TextWriter writer)
    {
        var interactive = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = interactive ? Math.Max(Console.WindowWidth, 100) : 200;
        return console;
    }
}
