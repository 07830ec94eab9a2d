using System.Collections.Concurrent;

namespace AgentGuard.Core.Tests.Credentials;

/// <summary>A host's user-token provider: resolves references it issued, and only for the user they were issued to.</summary>
internal sealed class TestUserTokens : IUserTokenProvider
{
    private readonly ConcurrentDictionary<string, (string User, UserToken Token)> _byReference = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<UserTokenRequest> _requests = new();

    public IReadOnlyList<UserTokenRequest> Requests => [.. _requests];

    /// <summary>Signs a user in: returns the opaque reference the host would put in <see cref="AgentGuardContext.UserTokenReference"/>.</summary>
    public string SignIn(string user, string token, string? tokenType = null)
    {
        var reference = "ref-" + Guid.NewGuid().ToString("N");
        _byReference[reference] = (user, new UserToken(token, tokenType));
        return reference;
    }

    public ValueTask<UserToken?> GetUserTokenAsync(UserTokenRequest request, CancellationToken cancellationToken)
    {
        _requests.Enqueue(request);
        return new(request.Reference is { } reference && _byReference.TryGetValue(reference, out var entry) && entry.User == request.Call.UserId
            ? entry.Token
            : null);
    }
}
