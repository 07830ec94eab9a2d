namespace AgentGuard;

/// <summary>An opaque, short-lived, revocable stand-in for a backend credential: what an agent or a model may see instead
/// of the secret.</summary>
/// <remarks>
/// The value is <c>agh_</c> followed by 43 base64url characters (256 bits from a cryptographic random number generator).
/// It grants nothing by itself: AgentGuard's credential handler accepts it only from a call that matches its
/// <see cref="Binding"/> (session, agent, user, backend and tools), and swaps it for the real credential for that one
/// request. Anywhere else it is refused and recorded as <see cref="CredentialRuleIds.HandleMisuse"/>; in tool arguments
/// or model-visible text it is also a DLP finding. <see cref="ToString"/> shows only the prefix.
/// </remarks>
public sealed class CredentialHandle
{
    internal CredentialHandle(string value, CredentialHandleBinding binding)
    {
        Value = value;
        Binding = binding;
    }

    /// <summary>Gets the handle's value, for example <c>agh_3q2-7wEAAAB...</c>.</summary>
    public string Value { get; }

    /// <summary>Gets what the handle is bound to.</summary>
    public CredentialHandleBinding Binding { get; }

    /// <inheritdoc />
    public override string ToString() => $"agh_… (backend {Binding.Backend}, session {Binding.SessionId}, until {Binding.ExpiresAt:O})";
}
