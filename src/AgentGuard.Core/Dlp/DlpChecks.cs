namespace AgentGuard;

/// <summary>Builds the DLP stages for code that assembles an <see cref="AgentGuardEngine"/> without dependency injection.</summary>
/// <example>
/// <code>
/// var store = new InMemorySessionStateStore();
/// var dlp = DlpChecks.Create(new DlpOptions());
/// var engine = new AgentGuardEngine(policyProvider,
///     [.. AgentGuardEngine.CreateDefaultChecks(store), dlp.ArgumentsCheck],
///     [dlp.ResultCheck],
///     store, Options.Create(new AgentGuardOptions()));
/// </code>
/// </example>
public sealed class DlpChecks
{
    private DlpChecks(DlpScanner scanner)
    {
        Scanner = scanner;
        ArgumentsCheck = new DlpArgumentsCheck(scanner);
        ResultCheck = new DlpResultCheck(scanner);
    }

    /// <summary>Gets the shared scanner.</summary>
    public DlpScanner Scanner { get; }

    /// <summary>Gets the call stage (scans arguments).</summary>
    public DlpArgumentsCheck ArgumentsCheck { get; }

    /// <summary>Gets the result stage (scans results).</summary>
    public DlpResultCheck ResultCheck { get; }

    /// <summary>Creates both DLP stages over one scanner.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <param name="detectors">Detectors added in code.</param>
    /// <returns>The stages.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static DlpChecks Create(DlpOptions? options = null, IEnumerable<IDlpDetector>? detectors = null) =>
        new(new DlpScanner(options, detectors));
}
