using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace AgentGuard.Cli.Commands;

/// <summary><c>agentguard replay TRACE --personas DIR [--catalog FILE] [--users FILE] [--json] [--audit DIR] [--audit-db FILE]</c>.</summary>
/// <remarks>Replays every call of a trace through the full engine (as configured by <c>AddAgentGuard</c>) on the
/// trace's own clock. Exit status: 0 when every <c>expect</c> is met, 1 when one is not, 2 on bad input.</remarks>
internal static class ReplayCommand
{
    public static Command Create(CliIo io)
    {
        var trace = new Argument<string>("TRACE") { Description = "The trace file (JSON Lines)." };
        var personas = new Option<string>("--personas") { Description = "The persona directory (or one persona file).", Required = true };
        var catalog = new Option<string?>("--catalog") { Description = "The tool catalog file." };
        var users = new Option<string?>("--users") { Description = "The user entitlements file." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per call instead of a table." };
        var audit = new Option<string?>("--audit") { Description = "Record every decision in a hash-chained audit trail in this directory." };
        var auditDb = new Option<string?>("--audit-db") { Description = "Record every decision in this SQLite audit database as well." };
        var command = new Command("replay", "Replay a recorded trace through the personas and check each line's expected outcome.")
        {
            trace,
            personas,
            catalog,
            users,
            json,
            audit,
            auditDb,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            io,
            parse.GetValue(trace)!,
            parse.GetValue(personas)!,
            parse.GetValue(catalog),
            parse.GetValue(users),
            parse.GetValue(json),
            cancellationToken,
            parse.GetValue(audit),
            parse.GetValue(auditDb)));
        return command;
    }

    internal static async Task<int> RunAsync(
        CliIo io,
        string tracePath,
        string personas,
        string? catalog,
        string? users,
        bool json,
        CancellationToken cancellationToken,
        string? auditDirectory = null,
        string? auditDatabase = null)
    {
        var builder = PolicyLoading.CreateBuilder([personas], catalog, users);
        var problems = builder.Validate();
        var trace = TraceReader.ReadFile(tracePath);
        PolicyLoading.WriteProblems(io.Error, problems);
        PolicyLoading.WriteProblems(io.Error, trace.Errors);
        if (problems.Any(static p => p.Severity == PolicySeverity.Error) || !trace.IsValid)
        {
            return CliIo.BadInput;
        }

        var policy = builder.Build();
        foreach (var unknown in trace.Entries.Where(e => e.Call?.Persona is { } id && !policy.TryGetPersona(id, out _)).Select(static e => e.Call!.Persona).Distinct())
        {
            io.Error.WriteLine($"{tracePath}: warning: persona '{unknown}' is not defined; its calls are denied");
        }

        var clock = new TraceClock();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        var guard = services.AddAgentGuard().UsePolicy(policy);
        if (auditDirectory is not null)
        {
            guard.AddFileAudit(auditDirectory);
        }

        if (auditDatabase is not null)
        {
            guard.AddSqliteAudit(auditDatabase);
        }

        if (auditDirectory is not null || auditDatabase is not null)
        {
            // A replay must record every decision: wait for the trail rather than drop.
            guard.AddAudit(static o => o.OverflowMode = AuditOverflowMode.Wait);
        }
        await using var provider = services.BuildServiceProvider();
        var replayer = new TraceReplayer(provider.GetRequiredService<IAgentGuard>(), clock);

        var rows = new List<TraceReplayRow>();
        await foreach (var row in replayer.ReplayAsync(trace.Entries, cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
            if (json)
            {
                await io.Out.WriteLineAsync(ToJson(row)).ConfigureAwait(false);
            }
        }

        var summary = Summarize(rows);
        if (json)
        {
            await io.Error.WriteLineAsync(summary).ConfigureAwait(false);
        }
        else
        {
            WriteTable(io.Out, rows);
            await io.Out.WriteLineAsync(summary).ConfigureAwait(false);
        }

        return rows.Any(static r => r.ExpectationMet == false) ? CliIo.Failed : CliIo.Ok;
    }

    internal static string Name(TraceOutcome outcome) => outcome switch
    {
        TraceOutcome.Allow => "allow",
        TraceOutcome.Redact => "redact",
        TraceOutcome.Approval => "approval",
        TraceOutcome.Deny => "deny",
        _ => "halt",
    };

    private static string ToJson(TraceReplayRow row)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("line", row.Entry.Line);
            writer.WriteString("session", row.Entry.Session);
            writer.WriteString("tool", row.Entry.Call!.ToolName);
            writer.WriteString("outcome", Name(row.Outcome));
            writer.WriteNumber("score", Math.Round(row.Score, 2));
            writer.WriteStartArray("reasons");
            foreach (var reason in row.Reasons)
            {
                writer.WriteStringValue(reason);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("rule_ids");
            foreach (var rule in row.RuleIds)
            {
                writer.WriteStringValue(rule);
            }

            writer.WriteEndArray();
            if (row.Entry.Expect is { } expect)
            {
                writer.WriteString("expect", Name(expect));
                writer.WriteBoolean("met", row.ExpectationMet == true);
            }

            if (row.Findings.Count > 0)
            {
                writer.WriteStartArray("findings");
                foreach (var finding in row.Findings)
                {
                    writer.WriteStartObject();
                    writer.WriteString("detector", finding.Detector);
                    writer.WriteString("location", finding.Location);
                    writer.WriteString("action", finding.Action);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteTable(TextWriter output, List<TraceReplayRow> rows)
    {
        var console = CliConsole.Create(output);
        var table = new Table().AddColumns("#", "line", "session", "tool", "outcome", "expect", "score", "reasons");
        var sequence = 0;
        foreach (var row in rows)
        {
            var expect = row.Entry.Expect is { } e ? (row.ExpectationMet == true ? Name(e) : $"{Name(e)} ✗") : "-";
            table.AddRow(
                (++sequence).ToString(CultureInfo.InvariantCulture),
                row.Entry.Line.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(row.Entry.Session),
                Markup.Escape(row.Entry.Call!.ToolName),
                Name(row.Outcome),
                Markup.Escape(expect),
                row.Score.ToString("0.#", CultureInfo.InvariantCulture),
                Markup.Escape(string.Join("; ", row.Reasons)));
        }

        console.Write(table);
    }

    private static string Summarize(List<TraceReplayRow> rows)
    {
        var counts = string.Join(", ", Enum.GetValues<TraceOutcome>().Select(o => $"{Name(o)} {rows.Count(r => r.Outcome == o)}"));
        var expected = rows.Count(static r => r.ExpectationMet is not null);
        var unmet = rows.Where(static r => r.ExpectationMet == false).ToList();
        var text = $"{rows.Count} call(s): {counts}; expectations met {expected - unmet.Count} of {expected}";
        if (unmet.Count > 0)
        {
            text += Environment.NewLine + "unmet: " + string.Join(", ", unmet.Select(static r =>
                $"line {r.Entry.Line} expected {Name(r.Entry.Expect!.Value)} got {Name(r.Outcome)}"));
        }

        return text;
    }
}
