namespace AgentGuard;

/// <summary>How an attempted target relates to a denied one.</summary>
internal enum TargetSimilarity
{
    /// <summary>Unrelated.</summary>
    None = 0,

    /// <summary>A guessed variation: edit distance, shared prefix and suffix, an altered SHA, the same name elsewhere.</summary>
    Variation = 1,

    /// <summary>The same target (also through another route, such as a URL that ends with the denied path).</summary>
    Same = 2,

    /// <summary>The same target reached through a path trick: <c>../</c>, <c>./</c>, percent-encoding, backslashes.</summary>
    PathTrick = 3,
}
