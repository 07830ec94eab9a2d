using System.Net;

namespace AgentGuard;

/// <summary>Thrown by AgentGuard's credential handler when it refuses to send a request or cannot obtain the credential.</summary>
/// <remarks>
/// An <see cref="HttpRequestException"/>, so tool code that handles HTTP failures handles it too. A refusal carries
/// <see cref="HttpRequestException.StatusCode"/> 403 (host adapters report the call's result as denied, as for a
/// backend's own 403); an unavailable credential or a failing token endpoint carries none (an error). The message names
/// the backend and the rule, never a secret.
/// </remarks>
public sealed class AgentGuardCredentialException : HttpRequestException
{
    /// <summary>Initializes a new instance of the <see cref="AgentGuardCredentialException"/> class.</summary>
    public AgentGuardCredentialException()
        : this("AgentGuard refused the request.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AgentGuardCredentialException"/> class.</summary>
    /// <param name="message">The message.</param>
    public AgentGuardCredentialException(string message)
        : this(message, CredentialRuleIds.Unavailable, null, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AgentGuardCredentialException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AgentGuardCredentialException(string message, Exception innerException)
        : base(message, innerException) => RuleId = CredentialRuleIds.Unavailable;

    /// <summary>Initializes a new instance of the <see cref="AgentGuardCredentialException"/> class.</summary>
    /// <param name="message">The message (never a secret).</param>
    /// <param name="ruleId">The rule, one of <see cref="CredentialRuleIds"/>.</param>
    /// <param name="backend">The backend, when known.</param>
    /// <param name="statusCode">403 for a refusal, <see langword="null"/> for a failure.</param>
    /// <param name="innerException">The cause, if any (never one whose message may hold a secret).</param>
    public AgentGuardCredentialException(string message, string ruleId, string? backend, HttpStatusCode? statusCode, Exception? innerException = null)
        : base(message, innerException, statusCode)
    {
        RuleId = ruleId ?? throw new ArgumentNullException(nameof(ruleId));
        Backend = backend;
    }

    /// <summary>Gets the rule that refused the request (see <see cref="CredentialRuleIds"/>).</summary>
    public string RuleId { get; }

    /// <summary>Gets the backend, when known.</summary>
    public string? Backend { get; }

    /// <summary>Gets a value indicating whether the request was refused (rather than failing).</summary>
    public bool IsRefusal => StatusCode == HttpStatusCode.Forbidden;
}
