using System.Net;

namespace AgentGuard;

/// <summary>The in-process broker: applies the vault's credential to one send and removes it right after.</summary>
/// <remarks>The request object outlives the send (tool code holds it, and <see cref="HttpResponseMessage.RequestMessage"/>
/// points at it), so the credential header is removed again before the response is handed back. Thread-safe.</remarks>
public sealed class LocalCredentialBroker : ICredentialBroker
{
    private readonly ICredentialVault _vault;

    /// <summary>Initializes a new instance of the <see cref="LocalCredentialBroker"/> class.</summary>
    /// <param name="vault">The vault.</param>
    public LocalCredentialBroker(ICredentialVault vault) => _vault = vault ?? throw new ArgumentNullException(nameof(vault));

    /// <inheritdoc />
    public async Task<HttpResponseMessage> SendAsync(CredentialRequest request, HttpRequestMessage message, HttpMessageInvoker pipeline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(pipeline);
        var credential = await _vault.GetCredentialAsync(request, cancellationToken).ConfigureAwait(false);
        HttpResponseMessage response;
        message.Headers.Remove(credential.HeaderName);
        message.Headers.TryAddWithoutValidation(credential.HeaderName, credential.HeaderValue);
        try
        {
            response = await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            message.Headers.Remove(credential.HeaderName);
        }

        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            credential.Reject();
        }

        return response;
    }
}
