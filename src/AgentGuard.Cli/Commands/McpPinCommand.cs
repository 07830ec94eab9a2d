using System.CommandLine;
using ModelContextProtocol.Protocol;
using Spectre.Console;

namespace AgentGuard.Cli.Commands;

/// <summary><c>agentguard mcp pin --config FILE [--server NAME]... [--accept-findings SERVER.TOOL]... [--check]</c>.</summary>
/// <remarks>Connects to each configured server, shows how its tools differ from the lock file (added, changed, removed),
/// scans them for poisoning and writes the lock file. Tools whose findings reach the refusal severity are not pinned
/// unless accepted by name. With <c>--check</c> nothing is written and any difference fails (for CI).
/// Exit status: 0 pinned (or, with <c>--check</c>, no difference); 1 a tool was held back or, with <c>--check</c>, a
/// difference was found; 2 bad input or a server that could not be reached or whose signature does not verify.</remarks>
internal static class McpPinCommand
{
    public static Command Create(CliIo io)
    {
        var config = new Option<string>("--config") { Description = "The gateway configuration (gateway.yaml).", Required = true };
        var servers = new Option<string[]>("--server") { Description = "Pin only this server (repeatable; default: all)." };
        var accept = new Option<string[]>("--accept-findings") { Description = "Pin this tool (server.tool) despite poisoning findings (repeatable)." };
        var check = new Option<bool>("--check") { Description = "Write nothing; fail when the live tools differ from the lock file." };
        var command = new Command("pin", "Review the configured servers' tools and pin them in the lock file (re-approve after a change).")
        {
            config,
            servers,
            accept,
            check,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            io, parse.GetValue(config)!, parse.GetValue(servers), parse.GetValue(accept) ?? [], parse.GetValue(check), TimeProvider.System, cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync(CliIo io, string configPath, string[]? serverNames, string[] accepted, bool check, TimeProvider time, CancellationToken cancellationToken)
    {
        if (McpCommand.ReadConfig(io, configPath) is not { } config || McpCommand.SelectServers(io, config, serverNames) is not { } servers)
        {
            return CliIo.BadInput;
        }

        McpLockFile lockFile;
        McpToolRegistry registry;
        try
        {
            registry = config.CreateRegistry();
            lockFile = registry.LockFile;
        }
        catch (Exception ex) when (ex is InvalidDataException or System.Security.Cryptography.CryptographicException or IOException)
        {
            await io.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return CliIo.BadInput;
        }

        var listed = new Dictionary<string, IReadOnlyList<Tool>>(StringComparer.Ordinal);
        var unreachable = false;
        foreach (var server in servers)
        {
            var (tools, error) = await McpServerConnector.ListToolsAsync(server, server.ConnectTimeout ?? config.ConnectTimeout, null, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                await io.Error.WriteLineAsync($"error: {error}").ConfigureAwait(false);
                unreachable = true;
                continue;
            }

            listed[server.Name] = tools;
        }

        var console = CliConsole.Create(io.Out);
        var heldBack = false;
        var differs = false;
        var now = time.GetUtcNow();
        foreach (var server in servers.Where(s => listed.ContainsKey(s.Name)))
        {
            var tools = listed[server.Name];
            var others = listed.Where(l => l.Key != server.Name).SelectMany(static l => l.Value.SelectMany(t => new[] { t.Name, McpToolNames.Qualify(l.Key, t.Name) })).ToList();
            if (registry.Options.PublisherKeys.TryGetValue(server.Name, out var keys)
                && !(server.ReadSignature() is { } signature && McpToolManifest.Verify(McpToolManifest.Create(tools), signature.Span, keys)))
            {
                await io.Error.WriteLineAsync($"error: the tool manifest of server '{server.Name}' does not match its publisher signature; not pinned").ConfigureAwait(false);
                unreachable = true;
                continue;
            }

            lockFile.Servers.TryGetValue(server.Name, out var previous);
            if (previous is not null && !previous.Identity.Matches(server.Identity))
            {
                differs = true;
                await io.Out.WriteLineAsync($"{server.Name}: started differently than when pinned (was '{previous.Identity.Describe()}', now '{server.Identity.Describe()}')").ConfigureAwait(false);
            }
            else if (previous is null)
            {
                differs = true;
            }

            var pinned = new Dictionary<string, McpLockedTool>(StringComparer.Ordinal);
            var table = new Table().AddColumns("tool", "status", "findings", "sha256");
            foreach (var tool in tools.OrderBy(static t => t.Name, StringComparer.Ordinal))
            {
                var hash = McpToolCanonicalForm.ComputeSha256(tool);
                var old = previous?.Tools.GetValueOrDefault(tool.Name);
                var findings = McpToolScanner.Scan(tool, others);
                var worst = McpToolScanner.HighestSeverity(findings);
                var qualified = McpToolNames.Qualify(server.Name, tool.Name);
                var acceptFindings = accepted.Contains(qualified, StringComparer.Ordinal) || (old is not null && old.AcceptFindings && old.Sha256 == hash);
                var status = old is null ? "added" : old.Sha256 == hash ? "unchanged" : $"changed ({McpToolRegistry.DescribeChange(old, tool)})";
                differs |= old is null || old.Sha256 != hash;
                if (config.RefuseAtSeverity is { } threshold && worst >= threshold && !acceptFindings)
                {
                    heldBack = true;
                    status += $"; NOT pinned: {worst} findings (review with 'agentguard mcp scan', accept with --accept-findings {qualified})";
                    if (old is not null)
                    {
                        pinned[tool.Name] = old;
                    }
                }
                else
                {
                    pinned[tool.Name] = new McpLockedTool
                    {
                        Sha256 = hash,
                        AcceptFindings = acceptFindings && worst >= config.RefuseAtSeverity,
                        Definition = System.Text.Json.JsonDocument.Parse(McpToolCanonicalForm.ToCanonicalJson(tool)).RootElement.Clone(),
                    };
                }

                var summary = findings.Count == 0 ? "-" : string.Join(", ", findings.GroupBy(static f => f.Severity).OrderByDescending(static g => g.Key).Select(static g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"));
                table.AddRow(Markup.Escape(qualified), Markup.Escape(status), summary, hash[..12]);
            }

            foreach (var removed in previous?.Tools.Keys.Where(k => tools.All(t => t.Name != k)) ?? [])
            {
                differs = true;
                table.AddRow(Markup.Escape(McpToolNames.Qualify(server.Name, removed)), "removed", "-", "-");
            }

            console.Write(table);
            lockFile.SetServer(new McpLockedServer { Identity = server.Identity, PinnedAt = now, Tools = pinned });
        }

        if (check)
        {
            await io.Out.WriteLineAsync(differs ? "the live tools differ from the lock file" : "the live tools match the lock file").ConfigureAwait(false);
            return unreachable ? CliIo.BadInput : differs || heldBack ? CliIo.Failed : CliIo.Ok;
        }

        if (listed.Count > 0)
        {
            lockFile.Save(config.LockPath);
            await io.Out.WriteLineAsync($"wrote {config.LockPath}").ConfigureAwait(false);
        }

        return unreachable ? CliIo.BadInput : heldBack ? CliIo.Failed : CliIo.Ok;
    }
}
