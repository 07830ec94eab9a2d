namespace AgentGuard;

/// <summary>Whether a credential handle may be used by a call, and if not, why.</summary>
public enum CredentialHandleStatus
{
    /// <summary>The handle is valid for the call.</summary>
    Valid = 0,

    /// <summary>No such handle: forged, guessed, revoked, or long expired.</summary>
    Unknown = 1,

    /// <summary>The handle has expired.</summary>
    Expired = 2,

    /// <summary>The handle belongs to another session.</summary>
    WrongSession = 3,

    /// <summary>The handle belongs to another agent.</summary>
    WrongAgent = 4,

    /// <summary>The handle belongs to another user.</summary>
    WrongUser = 5,

    /// <summary>The handle does not allow the calling tool.</summary>
    WrongTool = 6,

    /// <summary>The handle is for another backend.</summary>
    WrongBackend = 7,
}
