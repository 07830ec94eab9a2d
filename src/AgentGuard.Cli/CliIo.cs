namespace AgentGuard.Cli;

/// <summary>The streams a command writes to and reads from (the console, or test buffers).</summary>
internal sealed record CliIo(TextWriter Out, TextWriter Error, TextReader In)
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;
}
