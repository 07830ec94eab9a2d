namespace AgentGuard;

/// <summary>A refusal met while an authorized call executed: a backend answered 401/403, or a credential component
/// refused a request (a misused handle, a host not declared for the backend).</summary>
/// <param name="Backend">The backend's name (for example <c>crm</c>).</param>
/// <param name="RuleId">A stable rule id: <c>backend.denied</c> for the backend's own refusal, <c>credentials.*</c> for the guard's.</param>
/// <param name="Reason">Why, for people (never a credential).</param>
/// <param name="StatusCode">The HTTP status the backend answered, when it answered.</param>
/// <param name="Resource">What the refused request addressed (scheme, host and path; never the query), when known.</param>
public sealed record BackendDenial(string Backend, string RuleId, string Reason, int? StatusCode = null, string? Resource = null)
{
    private const int MaxExceptionDepth = 8;

    /// <summary>Decides whether an exception a tool threw is a backend's refusal: an <see cref="UnauthorizedAccessException"/>
    /// or an HTTP 401/403, itself or among its first inner exceptions (host adapters report such a call as denied).</summary>
    /// <param name="exception">What the tool threw.</param>
    /// <returns><see langword="true"/> for a refusal.</returns>
    public static bool IsRefusal(Exception? exception)
    {
        for (var (current, depth) = (exception, 0); current is not null && depth < MaxExceptionDepth; current = current.InnerException, depth++)
        {
            if (current is UnauthorizedAccessException
                || current is System.Net.Http.HttpRequestException { StatusCode: System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden })
            {
                return true;
            }
        }

        return false;
    }
}
