namespace AgentGuard;

/// <summary>Options of the enforcement service (configuration section <c>AgentGuard:Server</c>).</summary>
public sealed class EnforcementServerOptions
{
    /// <summary>Gets the agent instances allowed to call, each with its persona and stored inside keys.</summary>
    public IList<AgentKeyOptions> Agents { get; } = [];

    /// <summary>Gets the operators (halt, resume, events, approvals), each with stored keys.</summary>
    public IList<OperatorKeyOptions> Operators { get; } = [];

    /// <summary>Gets or sets where the service listens.</summary>
    public ServerListenOptions Listen { get; set; } = new();

    /// <summary>Gets or sets the validation of delegating users' signed tokens; unset means the agent names the user.</summary>
    public UserTokenOptions? UserTokens { get; set; }

    /// <summary>Gets or sets the largest message accepted or sent.</summary>
    /// <value>The default value is 4 MB.</value>
    public int MaxMessageSize { get; set; } = GrpcProtocol.DefaultMaxMessageSize;

    /// <summary>Gets or sets how long a grant (an allowed call's permission to use the credential broker) lives.</summary>
    /// <value>The default value is 10 minutes.</value>
    public TimeSpan GrantLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets how long shutdown waits for in-flight calls to finish.</summary>
    /// <value>The default value is 15 seconds.</value>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
