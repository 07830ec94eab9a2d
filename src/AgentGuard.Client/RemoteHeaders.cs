namespace AgentGuard;

/// <summary>Names of the metadata headers of the enforcement service.</summary>
public static class RemoteHeaders
{
    /// <summary>The delegating user's signed token (a JWT), when the service validates user tokens.</summary>
    public const string UserToken = "agentguard-user-token";

    /// <summary>The scheme of the <c>authorization</c> header that carries the inside key or an operator key.</summary>
    public const string BearerScheme = "Bearer";
}
