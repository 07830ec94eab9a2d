namespace AgentGuard;

/// <summary>How sure a detector is that a match is real sensitive data.</summary>
public enum DlpConfidence
{
    /// <summary>Valid in form but probably not live: a documented test or example value, or a weak pattern without context.</summary>
    Low = 0,

    /// <summary>Valid in form and validated where a check exists, without corroborating context.</summary>
    Medium = 1,

    /// <summary>Validated by a checksum or a distinctive format, or corroborated by nearby context.</summary>
    High = 2,
}
