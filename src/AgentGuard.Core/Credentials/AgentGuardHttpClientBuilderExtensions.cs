using AgentGuard;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds AgentGuard's credential handler to <see cref="System.Net.Http.HttpClient"/>s made by <c>IHttpClientFactory</c>.</summary>
public static class AgentGuardHttpClientBuilderExtensions
{
    /// <summary>Makes the client reach a backend with the credential of the executing authorized tool call: tool code
    /// sends plain requests, AgentGuard adds the credential for each request alone and refuses everything else.</summary>
    /// <param name="builder">The client builder, for example <c>services.AddHttpClient("crm")</c>.</param>
    /// <param name="backend">The backend, configured with <c>AddCredential</c> or <c>AddCredentialsFromConfiguration</c>.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Turns automatic redirects and the cookie jar off on the standard primary handlers (the credential handler
    /// follows redirects itself, re-checking each hop) and puts the credential handler directly above the primary handler,
    /// below every other handler of the client (resilience, the client's own logging), whatever is configured after this
    /// call: nothing else sees or changes the credential. One backend per client. See <see cref="AgentGuardCredentialHandler"/>.</remarks>
    public static IHttpClientBuilder AddAgentGuardCredentials(this IHttpClientBuilder builder, string backend)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(backend);
        AgentGuardCredentialServices.Add(builder.Services);
        AgentGuardCredentialServices.WrapPrimaryHandler(builder.Services, builder.Name, backend);
        return builder;
    }
}
