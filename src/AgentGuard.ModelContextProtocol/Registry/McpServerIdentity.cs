using System.Text.RegularExpressions;

namespace AgentGuard;

/// <summary>Which MCP server a name stands for: the command and arguments that start a stdio server, or the URL of an
/// HTTP server. The registry allows a server only when this matches what was pinned.</summary>
/// <remarks>Values are compared exactly as configured (before <c>${VAR}</c> expansion), so a lock file never holds an
/// expanded secret and a changed command line, argument or URL is a different server until it is pinned again.
/// Environment variables and headers are not part of the identity: they carry credentials.</remarks>
public sealed partial class McpServerIdentity
{
    /// <summary>Gets the server's name: the namespace of its tools (<c>name.tool</c>); letters, digits, <c>_</c> and <c>-</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the command that starts a stdio server, or <see langword="null"/> for an HTTP server.</summary>
    public string? Command { get; init; }

    /// <summary>Gets the arguments of <see cref="Command"/>.</summary>
    /// <value>The default value is an empty list.</value>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Gets the endpoint of an HTTP server, or <see langword="null"/> for a stdio server.</summary>
    public string? Url { get; init; }

    /// <summary>Gets the transport: <c>stdio</c> or <c>http</c>.</summary>
    public string Transport => Command is null ? "http" : "stdio";

    /// <summary>Gets a value indicating whether <paramref name="name"/> is a valid server name.</summary>
    /// <param name="name">The name.</param>
    /// <returns><see langword="true"/> when it is 1–64 letters, digits, <c>_</c> or <c>-</c>, starting with a letter or digit.</returns>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>Creates the identity of a stdio server.</summary>
    /// <param name="name">The server's name.</param>
    /// <param name="command">The command.</param>
    /// <param name="arguments">The arguments.</param>
    /// <returns>The identity.</returns>
    public static McpServerIdentity Stdio(string name, string command, params IReadOnlyList<string> arguments) =>
        new() { Name = name, Command = command, Arguments = arguments };

    /// <summary>Creates the identity of an HTTP server.</summary>
    /// <param name="name">The server's name.</param>
    /// <param name="url">The endpoint.</param>
    /// <returns>The identity.</returns>
    public static McpServerIdentity Http(string name, string url) => new() { Name = name, Url = url };

    /// <summary>Gets a value indicating whether <paramref name="other"/> names the same server started the same way.</summary>
    /// <param name="other">The other identity.</param>
    /// <returns><see langword="true"/> when the name, command, arguments and URL are equal.</returns>
    public bool Matches(McpServerIdentity? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && string.Equals(Command, other.Command, StringComparison.Ordinal)
        && string.Equals(Url, other.Url, StringComparison.Ordinal)
        && Arguments.SequenceEqual(other.Arguments, StringComparer.Ordinal);

    /// <summary>Describes how the server is reached, for people.</summary>
    /// <returns>The command line or the URL.</returns>
    public string Describe() => Command is null ? Url ?? string.Empty : string.Join(' ', [Command, .. Arguments]);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex NamePattern();
}
