namespace AgentGuard;

/// <summary>A check a custom detector applies to each regex match beyond the pattern.</summary>
public enum DlpValidator
{
    /// <summary>No check: every match is a finding.</summary>
    None = 0,

    /// <summary>The match's digits pass the Luhn checksum (payment cards, IMEIs and many national ids).</summary>
    Luhn = 1,

    /// <summary>The match's letters and digits pass ISO 7064 mod 97-10 (IBAN-style: the first four characters moved to the end).</summary>
    Mod97 = 2,
}
