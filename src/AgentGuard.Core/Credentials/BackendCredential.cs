namespace AgentGuard;

/// <summary>The credential for one request: a header and its value, applied by the broker for that request alone.</summary>
/// <remarks><see cref="ToString"/> never shows the value. Do not keep instances: they are made per request.</remarks>
public sealed class BackendCredential
{
    private readonly Action? _onRejected;

    /// <summary>Initializes a new instance of the <see cref="BackendCredential"/> class.</summary>
    /// <param name="headerName">The header that carries the credential (<c>Authorization</c>, <c>X-API-Key</c>).</param>
    /// <param name="headerValue">The header's value (for example <c>Bearer eyJ...</c>).</param>
    /// <param name="onRejected">Called when the backend rejects the credential (401), so caches let go of it.</param>
    public BackendCredential(string headerName, string headerValue, Action? onRejected = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(headerName);
        ArgumentException.ThrowIfNullOrEmpty(headerValue);
        HeaderName = headerName;
        HeaderValue = headerValue;
        _onRejected = onRejected;
    }

    /// <summary>Gets the header that carries the credential.</summary>
    public string HeaderName { get; }

    /// <summary>Gets the header's value: the secret itself. Never log it.</summary>
    public string HeaderValue { get; }

    /// <summary>Tells the credential's source that the backend rejected it (HTTP 401): a cached token or secret is dropped
    /// and read again for the next request.</summary>
    public void Reject() => _onRejected?.Invoke();

    /// <inheritdoc />
    public override string ToString() => $"{HeaderName}: (hidden)";
}
