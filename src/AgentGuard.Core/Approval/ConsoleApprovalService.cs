namespace AgentGuard;

/// <summary>Asks on a console (or any reader/writer pair) whether a call may run: for the CLI and samples.</summary>
/// <remarks>Serialises prompts so concurrent requests do not interleave. Anything but "y"/"yes" rejects; end of
/// input rejects (fail closed).</remarks>
public sealed class ConsoleApprovalService : IApprovalService, IDisposable
{
    private readonly TextReader _input;
    private readonly TextWriter _output;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Initializes a new instance of the <see cref="ConsoleApprovalService"/> class on the process console.</summary>
    public ConsoleApprovalService()
        : this(Console.In, Console.Out)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConsoleApprovalService"/> class.</summary>
    /// <param name="input">Where answers are read.</param>
    /// <param name="output">Where prompts are written.</param>
    public ConsoleApprovalService(TextReader input, TextWriter output)
    {
        _input = input ?? throw new ArgumentNullException(nameof(input));
        _output = output ?? throw new ArgumentNullException(nameof(output));
    }

    /// <inheritdoc />
    public async ValueTask<ApprovalOutcome> RequestApprovalAsync(ApprovalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var call = request.Call;
            await _output.WriteLineAsync($"[approval] {call.Persona} wants to call {call.ToolName} for user {call.UserId ?? "-"} (session {call.SessionId})").ConfigureAwait(false);
            await _output.WriteLineAsync($"[approval] because: {string.Join("; ", request.Reasons)}").ConfigureAwait(false);
            await _output.WriteAsync("[approval] approve? [y/N] ").ConfigureAwait(false);
            await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
            var answer = await _input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            var approved = answer?.Trim().ToUpperInvariant() is "Y" or "YES";
            return approved ? ApprovalOutcome.Approve("console") : ApprovalOutcome.Reject("console", answer is null ? "no answer" : "rejected");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}
