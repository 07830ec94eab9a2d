namespace AgentGuard;

/// <summary>Receives the fingerprints <see cref="ValueTokenizer"/> produces.</summary>
internal interface ITokenSink
{
    /// <summary>An identifying token: an e-mail, a long number, an identifier, a short multi-word value.</summary>
    void Strong(ulong fingerprint);

    /// <summary>A single word of six letters or more: identifying only in numbers.</summary>
    void Weak(ulong fingerprint);
}
