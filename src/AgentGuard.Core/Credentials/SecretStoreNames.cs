namespace AgentGuard;

/// <summary>The names of the built-in secret stores.</summary>
public static class SecretStoreNames
{
    /// <summary>Environment variables (<c>env:NAME</c>).</summary>
    public const string Environment = "env";

    /// <summary>Files (<c>file:PATH</c>): the content, with a trailing line break removed.</summary>
    public const string File = "file";

    /// <summary>Keys of the host's <c>IConfiguration</c> (<c>config:Section:Key</c>).</summary>
    public const string Configuration = "config";
}
