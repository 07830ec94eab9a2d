namespace AgentGuard;

/// <summary>Decides the action for each finding from the options' overrides, the persona's policy and the direction.</summary>
internal static class DlpActionResolver
{
    /// <summary>Resolves one finding's action.</summary>
    /// <param name="detection">The finding.</param>
    /// <param name="direction">Where the data flows.</param>
    /// <param name="policy">The persona's DLP policy.</param>
    /// <param name="options">The global options (per-detector and per-kind overrides).</param>
    /// <param name="personalDataTrusted">Whether the persona itself pins the argument's values (allowed domains or hosts, an
    /// enumeration), which makes personal data there the point of the call rather than a leak: an e-mail tool's <c>to</c>.</param>
    public static DlpAction Resolve(DlpDetection detection, DlpDirection direction, DlpPolicy policy, DlpOptions options, bool personalDataTrusted)
    {
        var action = direction switch
        {
            DlpDirection.EgressArguments => policy.EgressArgs,
            DlpDirection.Arguments => policy.Args,
            _ => policy.Results,
        };

        if (options.DetectorActions.TryGetValue(detection.Detector, out var byDetector))
        {
            action = byDetector;
        }
        else if (options.DetectorActions.TryGetValue(detection.KindName, out var byKind))
        {
            action = byKind;
        }

        if (personalDataTrusted && detection.Kind == DlpKind.Pii)
        {
            action = DlpAction.Allow;
        }

        if (direction == DlpDirection.EgressArguments && detection.Detector == DlpDetectorNames.AgentGuardHandle)
        {
            // A credential handle is worthless outside the guard, but sending one out is still an attempt to exfiltrate it.
            action = DlpAction.Block;
        }

        return action;
    }

    /// <summary>The action's name as findings record it.</summary>
    public static string Name(DlpAction action) => action switch
    {
        DlpAction.Block => "block",
        DlpAction.Redact => "redact",
        _ => "allow",
    };

    /// <summary>Summarises blocked findings for a reason (detector names and locations only, never values).</summary>
    public static string Describe(IEnumerable<(string Detector, string Kind, string Location)> blocked, string where)
    {
        var list = blocked.Distinct().ToList();
        var shown = string.Join(", ", list.Take(3).Select(static b => $"{b.Detector} ({b.Kind}) at {b.Location}"));
        var more = list.Count > 3 ? $" and {list.Count - 3} more" : string.Empty;
        return $"sensitive data in {where}: {shown}{more}";
    }
}
