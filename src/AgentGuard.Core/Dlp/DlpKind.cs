namespace AgentGuard;

/// <summary>What a DLP detector looks for.</summary>
public enum DlpKind
{
    /// <summary>A credential: a key, a token, a password, a private key, an AgentGuard handle.</summary>
    Secret = 0,

    /// <summary>Personal data: a card number, a national id, an IBAN, an e-mail address, a phone number, an IP address.</summary>
    Pii = 1,
}
