using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AgentGuard;

/// <summary>The trusted tool registry's lock file (<c>agentguard.mcp.lock</c>): the allowed servers and, for each,
/// the SHA-256 pin of every approved tool definition.</summary>
/// <remarks>
/// <para>A JSON document written with sorted keys so that diffs stay small and reviewable:</para>
/// <code>
/// { "version": 1,
///   "servers": {
///     "files": { "command": "npx", "args": ["-y", "files-server"], "pinned_at": "2025-01-01T00:00:00+00:00",
///                "tools": { "read_file": { "sha256": "…", "definition": { … } } } },
///     "search": { "url": "https://search.example/mcp", "tools": { … } } } }
/// </code>
/// <para>Instances are not thread-safe while being changed; the registry reads a lock file without changing it.</para>
/// </remarks>
public sealed class McpLockFile
{
    /// <summary>The conventional file name.</summary>
    public const string DefaultFileName = "agentguard.mcp.lock";

    /// <summary>The format version this library reads and writes.</summary>
    public const int CurrentVersion = 1;

    private readonly SortedDictionary<string, McpLockedServer> _servers = new(StringComparer.Ordinal);

    /// <summary>Gets the allowed servers by name.</summary>
    public IReadOnlyDictionary<string, McpLockedServer> Servers => _servers;

    /// <summary>Reads a lock file; a file that does not exist is an empty lock (nothing is allowed).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The lock.</returns>
    /// <exception cref="InvalidDataException">The file is not a valid lock file.</exception>
    public static McpLockFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return File.Exists(path) ? Parse(File.ReadAllText(path), path) : new McpLockFile();
    }

    /// <summary>Parses a lock file's text.</summary>
    /// <param name="json">The text.</param>
    /// <param name="source">The file name, for messages.</param>
    /// <returns>The lock.</returns>
    /// <exception cref="InvalidDataException">The text is not a valid lock file.</exception>
    public static McpLockFile Parse(string json, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var where = source ?? DefaultFileName;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{where}: not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{where}: the lock file must be a JSON object");
            }

            if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != CurrentVersion)
            {
                throw new InvalidDataException($"{where}: version: expected {CurrentVersion}");
            }

            var lockFile = new McpLockFile();
            if (root.TryGetProperty("servers", out var servers))
            {
                if (servers.ValueKind != JsonValueKind.Object)
                {
                    throw new InvalidDataException($"{where}: servers: expected an object");
                }

                foreach (var server in servers.EnumerateObject())
                {
                    lockFile._servers[server.Name] = ReadServer(where, server.Name, server.Value);
                }
            }

            return lockFile;
        }
    }

    /// <summary>Adds or replaces a server's entry.</summary>
    /// <param name="server">The entry.</param>
    public void SetServer(McpLockedServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        _servers[server.Identity.Name] = server;
    }

    /// <summary>Removes a server's entry.</summary>
    /// <param name="name">The server's name.</param>
    /// <returns><see langword="true"/> when an entry was removed.</returns>
    public bool RemoveServer(string name) => _servers.Remove(name);

    /// <summary>Writes the lock file atomically (a temporary file, then a rename).</summary>
    /// <param name="path">The file.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var temporary = full + ".tmp";
        File.WriteAllText(temporary, ToJson(), new UTF8Encoding(false));
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>Writes the lock file's text: indented, keys sorted.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("servers");
            foreach (var (name, server) in _servers)
            {
                writer.WriteStartObject(name);
                var identity = server.Identity;
                if (identity.Command is { } command)
                {
                    writer.WriteStartArray("args");
                    foreach (var argument in identity.Arguments)
                    {
                        writer.WriteStringValue(argument);
                    }

                    writer.WriteEndArray();
                    writer.WriteString("command", command);
                }

                if (server.PinnedAt is { } pinnedAt)
                {
                    writer.WriteString("pinned_at", pinnedAt.ToString("O", CultureInfo.InvariantCulture));
                }

                writer.WriteStartObject("tools");
                foreach (var (toolName, tool) in server.Tools.OrderBy(static t => t.Key, StringComparer.Ordinal))
                {
                    writer.WriteStartObject(toolName);
                    if (tool.AcceptFindings)
                    {
                        writer.WriteBoolean("accept_findings", true);
                    }

                    if (tool.Definition is { } definition)
                    {
                        writer.WritePropertyName("definition");
                        using var canonical = JsonDocument.Parse(McpToolCanonicalForm.ToCanonicalJson(definition));
                        canonical.RootElement.WriteTo(writer);
                    }

                    writer.WriteString("sha256", tool.Sha256);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
                if (identity.Url is { } url)
                {
                    writer.WriteString("url", url);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteNumber("version", CurrentVersion);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static McpLockedServer ReadServer(string where, string name, JsonElement element)
    {
        var path = $"servers.{name}";
        if (!McpServerIdentity.IsValidName(name))
        {
            throw new InvalidDataException($"{where}: {path}: invalid server name (letters, digits, '_' and '-')");
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{where}: {path}: expected an object");
        }

        var command = OptionalString(where, path, element, "command");
        var url = OptionalString(where, path, element, "url");
        if ((command is null) == (url is null))
        {
            throw new InvalidDataException($"{where}: {path}: exactly one of 'command' and 'url' is required");
        }

        var arguments = new List<string>();
        if (element.TryGetProperty("args", out var args))
        {
            if (args.ValueKind != JsonValueKind.Array || args.EnumerateArray().Any(static a => a.ValueKind != JsonValueKind.String))
            {
                throw new InvalidDataException($"{where}: {path}.args: expected an array of strings");
            }

            arguments.AddRange(args.EnumerateArray().Select(static a => a.GetString()!));
        }

        DateTimeOffset? pinnedAt = null;
        if (OptionalString(where, path, element, "pinned_at") is { } pinnedText)
        {
            if (!DateTimeOffset.TryParse(pinnedText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
            {
                throw new InvalidDataException($"{where}: {path}.pinned_at: not an ISO-8601 time");
            }

            pinnedAt = parsed;
        }

        var tools = new Dictionary<string, McpLockedTool>(StringComparer.Ordinal);
        if (element.TryGetProperty("tools", out var toolsElement))
        {
            if (toolsElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{where}: {path}.tools: expected an object");
            }

            foreach (var tool in toolsElement.EnumerateObject())
            {
                tools[tool.Name] = ReadTool(where, $"{path}.tools.{tool.Name}", tool.Value);
            }
        }

        var identity = command is null
            ? McpServerIdentity.Http(name, url!)
            : McpServerIdentity.Stdio(name, command, arguments);
        return new McpLockedServer { Identity = identity, PinnedAt = pinnedAt, Tools = tools };
    }

    private static McpLockedTool ReadTool(string where, string path, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{where}: {path}: expected an object");
        }

        var sha = OptionalString(where, path, element, "sha256");
        if (sha is null || sha.Length != 64 || !sha.All(static c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c)))
        {
            throw new InvalidDataException($"{where}: {path}.sha256: expected 64 lowercase hexadecimal digits");
        }

        var accept = false;
        if (element.TryGetProperty("accept_findings", out var acceptElement))
        {
            if (acceptElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw new InvalidDataException($"{where}: {path}.accept_findings: expected true or false");
            }

            accept = acceptElement.GetBoolean();
        }

        JsonElement? definition = null;
        if (element.TryGetProperty("definition", out var definitionElement) && definitionElement.ValueKind == JsonValueKind.Object)
        {
            definition = definitionElement.Clone();
        }

        return new McpLockedTool { Sha256 = sha, AcceptFindings = accept, Definition = definition };
    }

    private static string? OptionalString(string where, string path, JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new InvalidDataException($"{where}: {path}.{name}: expected a string");
    }
}
