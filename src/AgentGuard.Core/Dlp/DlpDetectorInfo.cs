namespace AgentGuard;

/// <summary>A detector's identity: its name and what it looks for.</summary>
/// <param name="Name">The detector's name.</param>
/// <param name="Kind">What the detector looks for.</param>
public readonly record struct DlpDetectorInfo(string Name, DlpKind Kind);
