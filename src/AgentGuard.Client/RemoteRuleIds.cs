namespace AgentGuard;

/// <summary>Rule ids of decisions the remote client and the service make about the remote path itself.</summary>
public static class RemoteRuleIds
{
    /// <summary>The service could not be reached or did not answer in time; the call was refused.</summary>
    public const string Unavailable = "remote.unavailable";

    /// <summary>The service refused the request itself (a bad key, a persona the key does not fix, bad input); the call was refused.</summary>
    public const string Refused = "remote.refused";

    /// <summary>The service could not be reached; the tool is configured to fail open and the call was allowed.</summary>
    public const string FailOpen = "remote.fail_open";

    /// <summary>The service refused a backend request of the credential broker.</summary>
    public const string BrokerRefused = "remote.broker_refused";
}
