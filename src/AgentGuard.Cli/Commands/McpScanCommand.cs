using System.CommandLine;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using Spectre.Console;

namespace AgentGuard.Cli.Commands;

/// <summary><c>agentguard mcp scan (--config FILE [--server NAME]... | --tools FILE) [--json]</c>.</summary>
/// <remarks>Scans tool definitions for poisoning — live from the configured servers, or offline from a file holding a
/// <c>tools/list</c> result (<c>{"tools":[…]}</c>) or an array of tools — and prints each finding per tool with its
/// severity. With <c>--json</c>, one JSON object per finding (<c>server</c>, <c>tool</c>, <c>severity</c>, <c>rule</c>,
/// <c>location</c>, <c>message</c>, <c>evidence</c>). Exit status: 0 no finding, 1 findings, 2 bad input or a server that
/// could not be reached.</remarks>
internal static class McpScanCommand
{
    public static Command Create(CliIo io)
    {
        var config = new Option<string?>("--config") { Description = "The gateway configuration (gateway.yaml): scan the servers live." };
        var servers = new Option<string[]>("--server") { Description = "Scan only this server (repeatable; default: all)." };
        var tools = new Option<string?>("--tools") { Description = "A file with a tools/list result or an array of tool definitions ('-' for standard input)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per finding." };
        var command = new Command("scan", "Scan MCP tool definitions for poisoning (instructions aimed at the model).")
        {
            config,
            servers,
            tools,
            json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            io, parse.GetValue(config), parse.GetValue(servers), parse.GetValue(tools), parse.GetValue(json), cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync(CliIo io, string? configPath, string[]? serverNames, string? toolsPath, bool json, CancellationToken cancellationToken)
    {
        if ((configPath is null) == (toolsPath is null))
        {
            await io.Error.WriteLineAsync("error: give either --config (scan live servers) or --tools (scan a file)").ConfigureAwait(false);
            return CliIo.BadInput;
        }

        var listed = new List<(string Server, IReadOnlyList<Tool> Tools)>();
        var failed = false;
        if (toolsPath is not null)
        {
            try
            {
                listed.Add((string.Empty, ReadTools(toolsPath == "-" ? await io.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false) : await File.ReadAllTextAsync(toolsPath, cancellationToken).ConfigureAwait(false))));
            }
            catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException or InvalidDataException)
            {
                await io.Error.WriteLineAsync($"{toolsPath}: error: {ex.Message}").ConfigureAwait(false);
                return CliIo.BadInput;
            }
        }
        else
        {
            if (McpCommand.ReadConfig(io, configPath!) is not { } config || McpCommand.SelectServers(io, config, serverNames) is not { } servers)
            {
                return CliIo.BadInput;
            }

            foreach (var server in servers)
            {
                var (tools, error) = await McpServerConnector.ListToolsAsync(server, server.ConnectTimeout ?? config.ConnectTimeout, null, cancellationToken).ConfigureAwait(false);
                if (error is not null)
                {
                    await io.Error.WriteLineAsync($"error: {error}").ConfigureAwait(false);
                    failed = true;
                    continue;
                }

                listed.Add((server.Name, tools));
            }
        }

        var findings = new List<(string Server, McpScanFinding Finding)>();
        var scanned = 0;
        foreach (var (server, tools) in listed)
        {
            var others = listed.Where(l => l.Server != server).SelectMany(static l => l.Tools.SelectMany(t => l.Server.Length == 0 ? [t.Name] : new[] { t.Name, McpToolNames.Qualify(l.Server, t.Name) })).ToList();
            foreach (var tool in tools)
            {
                scanned++;
                findings.AddRange(McpToolScanner.Scan(tool, others).Select(f => (server, f)));
            }
        }

        if (json)
        {
            foreach (var (server, finding) in findings)
            {
                await io.Out.WriteLineAsync(ToJson(server, finding)).ConfigureAwait(false);
            }
        }
        else
        {
            var table = new Table().AddColumns("tool", "severity", "rule", "location", "message", "evidence");
            foreach (var (server, finding) in findings)
            {
                table.AddRow(
                    Markup.Escape(server.Length == 0 ? finding.Tool : McpToolNames.Qualify(server, finding.Tool)),
                    finding.Severity.ToString().ToLowerInvariant(),
                    Markup.Escape(finding.RuleId),
                    Markup.Escape(finding.Location),
                    Markup.Escape(finding.Message),
                    Markup.Escape(finding.Evidence));
            }

            if (findings.Count > 0)
            {
                CliConsole.Create(io.Out).Write(table);
            }
        }

        var bySeverity = string.Join(", ", Enum.GetValues<McpFindingSeverity>().Reverse().Select(s => $"{findings.Count(f => f.Finding.Severity == s)} {s.ToString().ToLowerInvariant()}"));
        await (json ? io.Error : io.Out).WriteLineAsync($"{scanned} tool(s) scanned: {findings.Count} finding(s) ({bySeverity})").ConfigureAwait(false);
        return failed ? CliIo.BadInput : findings.Count > 0 ? CliIo.Failed : CliIo.Ok;
    }

    private static List<Tool> ReadTools(string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        var array = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("tools", out var tools) ? tools : root;
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("expected a tools/list result ({\"tools\":[…]}) or an array of tool definitions");
        }

        return [.. array.EnumerateArray().Select(McpToolCanonicalForm.Deserialize)];
    }

    private static string ToJson(string server, McpScanFinding finding)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("server", server);
            writer.WriteString("tool", finding.Tool);
            writer.WriteString("severity", finding.Severity.ToString().ToLowerInvariant());
            writer.WriteString("rule", finding.RuleId);
            writer.WriteString("location", finding.Location);
            writer.WriteString("message", finding.Message);
            writer.WriteString("evidence", finding.Evidence);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
