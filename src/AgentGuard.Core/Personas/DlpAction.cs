namespace AgentGuard;

/// <summary>What happens to a sensitive-data finding.</summary>
public enum DlpAction
{
    /// <summary>The finding is recorded and the data passes unchanged.</summary>
    Allow = 0,

    /// <summary>The finding is replaced (typed placeholder, mask or digest) and the data passes.</summary>
    Redact = 1,

    /// <summary>The call is refused (arguments) or the result withheld.</summary>
    Block = 2,
}
