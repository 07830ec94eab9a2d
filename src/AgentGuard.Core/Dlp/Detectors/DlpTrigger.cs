namespace AgentGuard;

/// <summary>The character classes that anchor built-in detectors in the scanner's character pass.</summary>
[Flags]
internal enum DlpTrigger
{
    None = 0,

    /// <summary>Numeric segments: runs of digits with separators.</summary>
    Digits = 1,

    /// <summary>The <c>@</c> of an e-mail address.</summary>
    At = 2,

    /// <summary>The <c>:</c> of an IPv6 address.</summary>
    Colon = 4,

    /// <summary>A token that starts with digits at a word boundary and goes on with letters or a colon (<c>0x…</c>,
    /// <c>1A1z…</c>, <c>123456789:AA…</c>).</summary>
    DigitToken = 8,
}
