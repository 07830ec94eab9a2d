using System.Globalization;
using ModelContextProtocol.Client;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AgentGuard;

/// <summary>Reads <c>gateway.yaml</c>, reporting every problem with file, line and field.</summary>
/// <remarks>Relative paths are resolved against the configuration file's directory. Unknown fields are errors, so a
/// misspelt <c>inherit_env</c> cannot silently widen what a server sees.</remarks>
public static class McpGatewayConfigReader
{
    private static readonly string[] s_rootFields = ["identity", "policy", "lock", "mode", "poisoning", "namespace_separator", "timeouts", "publishers", "servers"];
    private static readonly string[] s_identityFields = ["persona", "user", "session", "agent"];
    private static readonly string[] s_policyFields = ["personas", "catalog", "users"];
    private static readonly string[] s_timeoutFields = ["connect", "call"];
    private static readonly string[] s_serverFields = ["command", "args", "cwd", "env", "inherit_env", "url", "transport", "headers", "publisher", "signature", "timeouts"];

    /// <summary>Reads a configuration file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="InvalidDataException">The file is missing or invalid; the message lists every problem.</exception>
    public static McpGatewayConfig ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path}: file not found");
        }

        var full = Path.GetFullPath(path);
        return Parse(File.ReadAllText(full), full);
    }

    /// <summary>Parses a configuration's text.</summary>
    /// <param name="yaml">The text.</param>
    /// <param name="sourcePath">The file it came from: names it in messages and anchors relative paths (default: the
    /// current directory).</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="InvalidDataException">The text is invalid; the message lists every problem.</exception>
    public static McpGatewayConfig Parse(string yaml, string? sourcePath = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var reader = new Reader(sourcePath ?? "gateway.yaml", sourcePath is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(sourcePath))!);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new InvalidDataException($"{reader.File}:{ex.Start.Line}:{ex.Start.Column}: error: not valid YAML: {ex.Message}", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidDataException($"{reader.File}: error: the gateway configuration must be a mapping");
        }

        var config = reader.Read(root);
        return reader.Errors.Count > 0 ? throw new InvalidDataException(string.Join(Environment.NewLine, reader.Errors)) : config!;
    }

    private sealed class Reader(string file, string baseDirectory)
    {
        public string File { get; } = file;

        public List<string> Errors { get; } = [];

        public McpGatewayConfig? Read(YamlMappingNode root)
        {
            var fields = Fields(root, string.Empty, s_rootFields);
            McpGatewayIdentity? identity = null;
            if (Get(fields, "identity") is { } identityNode && Mapping(identityNode, "identity") is { } identityMap)
            {
                var f = Fields(identityMap, "identity", s_identityFields);
                var persona = Scalar(f, "identity.persona", "persona");
                if (persona is null)
                {
                    Error(identityNode, "identity.persona", "required: the persona every proxied call runs as");
                }

                identity = new McpGatewayIdentity
                {
                    Persona = persona ?? string.Empty,
                    User = Scalar(f, "identity.user", "user"),
                    Session = Scalar(f, "identity.session", "session"),
                    Agent = Scalar(f, "identity.agent", "agent"),
                };
            }
            else
            {
                Error(root, "identity", "required: the persona (and user, session) the proxied host acts as");
            }

            string? personas = null, catalog = null, users = null;
            if (Get(fields, "policy") is { } policyNode && Mapping(policyNode, "policy") is { } policyMap)
            {
                var f = Fields(policyMap, "policy", s_policyFields);
                personas = PathValue(f, "policy.personas", "personas");
                catalog = PathValue(f, "policy.catalog", "catalog");
                users = PathValue(f, "policy.users", "users");
                if (personas is null)
                {
                    Error(policyNode, "policy.personas", "required: the persona directory or file");
                }
            }
            else
            {
                Error(root, "policy", "required: at least 'personas'");
            }

            var lockPath = PathValue(fields, "lock", "lock") ?? Path.Combine(baseDirectory, McpLockFile.DefaultFileName);
            var mode = EnforcementMode.Enforce;
            if (Scalar(fields, "mode", "mode") is { } modeText)
            {
                mode = modeText switch
                {
                    "enforce" => EnforcementMode.Enforce,
                    "monitor" => EnforcementMode.Monitor,
                    _ => Invalid(fields["mode"].Value, "mode", "expected 'enforce' or 'monitor'", EnforcementMode.Enforce),
                };
            }

            McpFindingSeverity? refuseAt = McpFindingSeverity.High;
            if (Get(fields, "poisoning") is { } poisoningNode && Mapping(poisoningNode, "poisoning") is { } poisoningMap)
            {
                var f = Fields(poisoningMap, "poisoning", ["refuse_at"]);
                if (Scalar(f, "poisoning.refuse_at", "refuse_at") is { } level)
                {
                    refuseAt = level switch
                    {
                        "high" => McpFindingSeverity.High,
                        "medium" => McpFindingSeverity.Medium,
                        "low" => McpFindingSeverity.Low,
                        "never" => null,
                        _ => Invalid<McpFindingSeverity?>(f["refuse_at"].Value, "poisoning.refuse_at", "expected high, medium, low or never", McpFindingSeverity.High),
                    };
                }
            }

            var separator = Scalar(fields, "namespace_separator", "namespace_separator") ?? ".";
            if (separator.Length == 0 || separator.Any(static c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/')) || separator.Any(char.IsAsciiLetterOrDigit))
            {
                Error(fields["namespace_separator"].Value, "namespace_separator", "expected one or more of '.', '_', '-', '/'");
            }

            var (connect, call) = Timeouts(fields, "timeouts");
            var publishers = new Dictionary<string, string>(StringComparer.Ordinal);
            if (Get(fields, "publishers") is { } publishersNode && Mapping(publishersNode, "publishers") is { } publishersMap)
            {
                foreach (var (key, value) in publishersMap.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? string.Empty;
                    if (value is YamlScalarNode { Value: { Length: > 0 } keyPath })
                    {
                        publishers[name] = Path.GetFullPath(keyPath, baseDirectory);
                    }
                    else
                    {
                        Error(value, $"publishers.{name}", "expected the path of a PEM public key");
                    }
                }
            }

            var servers = new List<McpBackendConfig>();
            if (Get(fields, "servers") is { } serversNode && Mapping(serversNode, "servers") is { } serversMap)
            {
                foreach (var (key, value) in serversMap.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? string.Empty;
                    if (!McpServerIdentity.IsValidName(name))
                    {
                        Error(key, $"servers.{name}", "invalid server name: letters, digits, '_' and '-' (no dots), at most 64");
                        continue;
                    }

                    if (ReadServer(name, value, publishers) is { } server)
                    {
                        servers.Add(server);
                    }
                }
            }
            else
            {
                Error(root, "servers", "required: the backend servers");
            }

            return identity is null || personas is null
                ? null
                : new McpGatewayConfig
                {
                    SourcePath = File,
                    Identity = identity,
                    PersonasPath = personas,
                    CatalogPath = catalog,
                    UsersPath = users,
                    LockPath = lockPath,
                    Mode = mode,
                    RefuseAtSeverity = refuseAt,
                    NamespaceSeparator = separator,
                    ConnectTimeout = connect ?? TimeSpan.FromSeconds(30),
                    CallTimeout = call ?? TimeSpan.FromSeconds(60),
                    Publishers = publishers,
                    Servers = servers,
                };
        }

        private McpBackendConfig? ReadServer(string name, YamlNode node, Dictionary<string, string> publishers)
        {
            var path = $"servers.{name}";
            if (Mapping(node, path) is not { } map)
            {
                return null;
            }

            var f = Fields(map, path, s_serverFields);
            var command = Scalar(f, $"{path}.command", "command");
            var url = Scalar(f, $"{path}.url", "url");
            if ((command is null) == (url is null))
            {
                Error(node, path, "exactly one of 'command' (a stdio server) and 'url' (an HTTP server) is required");
                return null;
            }

            if (url is not null && !url.Contains("${", StringComparison.Ordinal) && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                Error(f["url"].Value, $"{path}.url", "expected an absolute http or https URL");
            }

            foreach (var (field, allowed) in new[] { ("args", command is not null), ("cwd", command is not null), ("env", command is not null), ("inherit_env", command is not null), ("headers", url is not null), ("transport", url is not null) })
            {
                if (!allowed && f.TryGetValue(field, out var misplaced))
                {
                    Error(misplaced.Value, $"{path}.{field}", command is null ? "only for stdio servers (with 'command')" : "only for HTTP servers (with 'url')");
                }
            }

            var args = new List<string>();
            if (Get(f, "args") is { } argsNode)
            {
                if (argsNode is YamlSequenceNode sequence && sequence.Children.All(static c => c is YamlScalarNode))
                {
                    args.AddRange(sequence.Children.Select(static c => ((YamlScalarNode)c).Value ?? string.Empty));
                }
                else
                {
                    Error(argsNode, $"{path}.args", "expected a list of strings");
                }
            }

            var inherit = false;
            if (Scalar(f, $"{path}.inherit_env", "inherit_env") is { } inheritText)
            {
                inherit = inheritText switch
                {
                    "true" => true,
                    "false" => false,
                    _ => Invalid(f["inherit_env"].Value, $"{path}.inherit_env", "expected true or false", false),
                };
            }

            var transport = HttpTransportMode.StreamableHttp;
            if (Scalar(f, $"{path}.transport", "transport") is { } transportText)
            {
                transport = transportText switch
                {
                    "streamable_http" => HttpTransportMode.StreamableHttp,
                    "sse" => HttpTransportMode.Sse,
                    "auto" => HttpTransportMode.AutoDetect,
                    _ => Invalid(f["transport"].Value, $"{path}.transport", "expected streamable_http, sse or auto", HttpTransportMode.StreamableHttp),
                };
            }

            var publisher = Scalar(f, $"{path}.publisher", "publisher");
            var signature = PathValue(f, $"{path}.signature", "signature");
            if (publisher is not null && !publishers.ContainsKey(publisher))
            {
                Error(f["publisher"].Value, $"{path}.publisher", $"unknown publisher '{publisher}': declare its key under 'publishers'");
            }

            if (publisher is not null && signature is null)
            {
                Error(f["publisher"].Value, $"{path}.signature", "a server with a publisher needs the signature of its tool manifest");
            }

            var (connect, call) = Timeouts(f, $"{path}.timeouts");
            var cwd = PathValue(f, $"{path}.cwd", "cwd");
            return new McpBackendConfig
            {
                Name = name,
                Command = command,
                Arguments = args,
                WorkingDirectory = cwd ?? (command is null ? null : baseDirectory),
                Environment = StringMap(f, $"{path}.env", "env"),
                InheritEnvironment = inherit,
                Url = url,
                Transport = transport,
                Headers = StringMap(f, $"{path}.headers", "headers"),
                Publisher = publisher,
                SignaturePath = signature,
                ConnectTimeout = connect,
                CallTimeout = call,
            };
        }

        private (TimeSpan? Connect, TimeSpan? Call) Timeouts(Dictionary<string, KeyValuePair<YamlNode, YamlNode>> fields, string path)
        {
            if (Get(fields, path[(path.LastIndexOf('.') + 1)..]) is not { } node || Mapping(node, path) is not { } map)
            {
                return (null, null);
            }

            var f = Fields(map, path, s_timeoutFields);
            return (Duration(f, $"{path}.connect", "connect"), Duration(f, $"{path}.call", "call"));
        }

        private TimeSpan? Duration(Dictionary<string, KeyValuePair<YamlNode, YamlNode>> fields, string path, string key)
        {
            if (Scalar(fields, path, key) is not { } text)
            {
                return null;
            }

            var (number, scale) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
                : text.EndsWith('s') ? (text[..^1], 1.0)
                : text.EndsWith('m') ? (text[..^1], 60.0)
                : (text, 1.0);
            if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && value * scale <= 86400)
            {
                return TimeSpan.FromSeconds(value * scale);
            }

            Error(fields[key].Value, path, "expected a positive duration such as 30, 30s, 500ms or 2m (at most a day)");
            return null;
        }

        private Dictionary<string, string> StringMap(Dictionary<string, KeyValuePair<YamlNode, YamlNode>> fields, string path, string key)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            if (Get(fields, key) is not { } node || Mapping(node, path) is not { } map)
            {
                return result;
            }

            foreach (var (k, v) in map.Children)
            {
                var name = (k as YamlScalarNode)?.Value ?? string.Empty;
                if (v is YamlScalarNode scalar)
                {
                    result[name] = scalar.Value ?? string.Empty;
                }
                else
                {
                    Error(v, $"{path}.{name}", "expected a string");
                }
            }

            return result;
        }

        private string? PathValue(Dictionary<string, KeyValuePair<YamlNode, YamlNode>> fields, string path, string key) =>
            Scalar(fields, path, key) is { } value ? Path.GetFullPath(value, baseDirectory) : null;

        private string? Scalar(Dictionary<string, KeyValuePair<YamlNode, YamlNode>> fields, string path, string key)
        {
            if (!fields.TryGetValue(key, out var pair))
            {
                return null;
            }

            if (pair.Value is YamlScalarNode { Value: { Length: > 0 } value } scalar && !(scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && value is "~" or "null"))
            {
                return value;
            }

            Error(pair.Value, path, "expected a non-empty value");
            return null;
        }

        private static YamlNode? Get(Dictionary<string, KeyValuePair<YamlNode, YamlNode>> fields, string key) =>
            fields.TryGetValue(key, out var pair) ? pair.Value : null;

        private YamlMappingNode? Mapping(YamlNode node, string path)
        {
            if (node is YamlMappingNode map)
            {
                return map;
            }

            Error(node, path, "expected a mapping");
            return null;
        }

        private Dictionary<string, KeyValuePair<YamlNode, YamlNode>> Fields(YamlMappingNode map, string path, string[] allowed)
        {
            var fields = new Dictionary<string, KeyValuePair<YamlNode, YamlNode>>(StringComparer.Ordinal);
            foreach (var pair in map.Children)
            {
                var name = (pair.Key as YamlScalarNode)?.Value ?? string.Empty;
                var fieldPath = path.Length == 0 ? name : $"{path}.{name}";
                if (!allowed.Contains(name, StringComparer.Ordinal))
                {
                    Error(pair.Key, fieldPath, $"unknown field (expected one of: {string.Join(", ", allowed)})");
                }
                else if (!fields.TryAdd(name, pair))
                {
                    Error(pair.Key, fieldPath, "duplicate field");
                }
            }

            return fields;
        }

        private T Invalid<T>(YamlNode node, string path, string message, T fallback)
        {
            Error(node, path, message);
            return fallback;
        }

        private void Error(YamlNode node, string path, string message) =>
            Errors.Add($"{File}:{node.Start.Line}:{node.Start.Column}: error: {path}: {message}");
    }
}
