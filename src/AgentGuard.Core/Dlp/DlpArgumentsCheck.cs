namespace AgentGuard;

/// <summary>The pipeline stage that scans a call's arguments for secrets and personal data and blocks, redacts or records them.</summary>
/// <remarks>
/// Egress tools use the persona's <see cref="DlpPolicy.EgressArgs"/> (block by default), other tools <see cref="DlpPolicy.Args"/>
/// (redact by default). An AgentGuard credential handle in an egress tool's arguments is always blocked. Personal data in an
/// argument whose values the persona pins (allowed domains, allowed hosts or an enumeration) is recorded and allowed. Arguments
/// that cannot be scanned (nested deeper than <see cref="DlpOptions.MaxJsonDepth"/>) are refused. Thread-safe.
/// </remarks>
public sealed class DlpArgumentsCheck : IGuardCheck
{
    private readonly DlpScanner _scanner;

    /// <summary>Initializes a new instance of the <see cref="DlpArgumentsCheck"/> class.</summary>
    /// <param name="scanner">The scanner.</param>
    public DlpArgumentsCheck(DlpScanner scanner) => _scanner = scanner ?? throw new ArgumentNullException(nameof(scanner));

    /// <inheritdoc />
    public string Name => "dlp.arguments";

    /// <inheritdoc />
    public int Order => GuardCheckOrder.Dlp;

    /// <inheritdoc />
    public bool RunsAfterDenial => false;

    /// <inheritdoc />
    public ValueTask CheckAsync(GuardContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var arguments = context.Arguments;
        if (arguments.ValueKind is System.Text.Json.JsonValueKind.Undefined or System.Text.Json.JsonValueKind.Null)
        {
            return default;
        }

        IReadOnlyList<DlpJsonFinding> findings;
        try
        {
            findings = _scanner.ScanJson(arguments);
        }
        catch (DlpScanException ex)
        {
            context.Deny("dlp.unscannable", ex.Message);
            return default;
        }

        if (findings.Count == 0)
        {
            return default;
        }

        var tool = context.Tool;
        var direction = tool?.Egress == true ? DlpDirection.EgressArguments : DlpDirection.Arguments;
        var policy = context.Persona?.Persona.Dlp ?? new DlpPolicy();
        var constraints = tool?.Grant?.Args;
        List<DlpJsonFinding>? redact = null;
        List<(string, string, string)>? blocked = null;
        foreach (var finding in findings)
        {
            var trusted = finding.RootProperty is { } root && constraints is not null && constraints.TryGetValue(root, out var constraint)
                && (constraint.AllowedDomains is { Count: > 0 } || constraint.AllowedHosts is { Count: > 0 } || constraint.Enum is { Count: > 0 });
            var detection = finding.Detection;
            var action = DlpActionResolver.Resolve(detection, direction, policy, _scanner.Options, trusted);
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
            context.Deny("dlp.block", DlpActionResolver.Describe(blocked, "the arguments") + "; the call is blocked");
        }
        else if (redact is not null)
        {
            context.ReplaceArguments(_scanner.RedactJson(arguments, redact));
        }

        return default;
    }
}
