namespace AgentGuard;

/// <summary>Who a key authenticated: an agent instance with the persona fixed for it, or an operator.</summary>
/// <param name="Id">The agent instance's or operator's id.</param>
/// <param name="Role">What the caller may do.</param>
/// <param name="Persona">The agent's persona (server-side configuration, never the client's claim); <see langword="null"/> for operators.</param>
public sealed record CallerIdentity(string Id, CallerRole Role, string? Persona);
