namespace AgentGuard;

/// <summary>Sends one checked request of an authorized call with the backend credential: the seam between tool code's
/// plain HTTP request and whoever holds the secrets.</summary>
/// <remarks>
/// <see cref="AgentGuardCredentialHandler"/> checks the call, the host and the handle, strips what tool code tried to
/// send as credentials, follows redirects hop by hop, and hands each hop to the broker. The in-process broker
/// (<see cref="LocalCredentialBroker"/>) gets the credential from the <see cref="ICredentialVault"/>, applies it for that
/// one send and removes it again. An out-of-process broker instead forwards the request with the call's identity to
/// the enforcement service, which re-checks the call, injects the credential there and returns the response: the agent
/// process then never holds a backend secret.
/// </remarks>
public interface ICredentialBroker
{
    /// <summary>Sends one request with the credential for <paramref name="request"/>.</summary>
    /// <param name="request">The backend and the authorized call.</param>
    /// <param name="message">The request, already checked and stripped of caller-supplied credentials.</param>
    /// <param name="pipeline">The rest of the HTTP pipeline, below the credential handler.</param>
    /// <param name="cancellationToken">A token to cancel the send.</param>
    /// <returns>The response.</returns>
    Task<HttpResponseMessage> SendAsync(CredentialRequest request, HttpRequestMessage message, HttpMessageInvoker pipeline, CancellationToken cancellationToken);
}
