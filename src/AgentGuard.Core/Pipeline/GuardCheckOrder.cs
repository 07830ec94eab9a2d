namespace AgentGuard;

/// <summary>The positions of the built-in stages; custom stages pick a number between them.</summary>
/// <remarks>The cheapest and most decisive checks run first.</remarks>
public static class GuardCheckOrder
{
    /// <summary>A halted session or agent: every call is refused.</summary>
    public const int Halt = 100;

    /// <summary>Persona ∩ user (∩ every delegating ancestor) scope.</summary>
    public const int Scope = 200;

    /// <summary>Argument constraints.</summary>
    public const int Arguments = 300;

    /// <summary>Credential handle bindings.</summary>
    public const int Credentials = 350;

    /// <summary>Sensitive data in arguments.</summary>
    public const int Dlp = 400;

    /// <summary>Data lineage: where the values of sensitive arguments came from (after the decisive, cheaper stages;
    /// before rate limits, which count only calls that may run, and before behavior, which absorbs its score).</summary>
    public const int Lineage = 450;

    /// <summary>Per-user per-tool rate limits.</summary>
    public const int RateLimit = 500;

    /// <summary>Behavior scoring (runs after denials too).</summary>
    public const int Behavior = 600;

    /// <summary>Fail-closed audit: refuses calls while the audit trail cannot record them.</summary>
    public const int Audit = 890;

    /// <summary>Human approval from maturity × risk.</summary>
    public const int Approval = 900;

    /// <summary>Result side: sensitive data in results.</summary>
    public const int ResultDlp = 100;

    /// <summary>Result side: data envelope and behavior.</summary>
    public const int ResultBehavior = 200;

    /// <summary>Result side: data lineage remembers what the model was shown (after redaction) and where it came from.</summary>
    public const int ResultLineage = 250;
}
