using System.Text.Json;

namespace AgentGuard;

/// <summary>The pipeline stage that scans a tool's result for secrets and personal data before the model sees it.</summary>
/// <remarks>Uses the persona's <see cref="DlpPolicy.Results"/> (redact by default): redacted results replace the original,
/// blocked ones are withheld. Text results are scanned as text (location <c>$</c>), JSON results value by value. Findings are
/// recorded for later stages (taint tracking reads them). Thread-safe.</remarks>
public sealed class DlpResultCheck : IResultCheck
{
    private readonly DlpScanner _scanner;

    /// <summary>Initializes a new instance of the <see cref="DlpResultCheck"/> class.</summary>
    /// <param name="scanner">The scanner.</param>
    public DlpResultCheck(DlpScanner scanner) => _scanner = scanner ?? throw new ArgumentNullException(nameof(scanner));

    /// <inheritdoc />
    public string Name => "dlp.result";

    /// <inheritdoc />
    public int Order => GuardCheckOrder.ResultDlp;

    /// <inheritdoc />
    public ValueTask InspectAsync(GuardContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Result is not { Content: { } content } result || context.IsDenied)
        {
            return default;
        }

        IReadOnlyList<DlpJsonFinding> findings;
        try
        {
            findings = _scanner.ScanJson(content);
        }
        catch (DlpScanException ex)
        {
            context.WithholdResult("dlp.unscannable", ex.Message);
            return default;
        }

        if (findings.Count == 0)
        {
            return default;
        }

        var policy = context.Persona?.Persona.Dlp ?? new DlpPolicy();
        List<DlpJsonFinding>? redact = null;
        List<(string, string, string)>? blocked = null;
        foreach (var finding in findings)
        {
            var detection = finding.Detection;
            var action = DlpActionResolver.Resolve(detection, DlpDirection.Results, policy, _scanner.Options, personalDataTrusted: false);
            context.AddFinding(new GuardFinding(detection.Detector, detection.KindName, finding.Path, detection.Start, detection.Length, DlpActionResolver.Name(action)));
            if (action == DlpAction.Block)
            {
                (blocked ??= []).Add((detection.Detector, detection.KindName, finding.Path));
            }
            else if (action == DlpAction.Redact)
            {
                (redact ??= []).Add(finding);
            }
        }

        if (blocked is not null)
        {
            context.WithholdResult("dlp.block", DlpActionResolver.Describe(blocked, "the result"));
        }
        else if (redact is not null)
        {
            JsonElement redacted = _scanner.RedactJson(content, redact);
            context.ReplaceResult(result with { Content = redacted });
        }

        return default;
    }
}
