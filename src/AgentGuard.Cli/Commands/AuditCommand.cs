using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;

namespace AgentGuard.Cli.Commands;

/// <summary><c>agentguard audit verify FILE...</c> and <c>agentguard audit query --db FILE ...</c>.</summary>
/// <remarks>verify: exit 0 when the chain is intact (warnings go to standard error), 1 at the first modified, missing,
/// inserted, reordered or truncated record (printed as <c>file:line: kind: message</c>), 2 on bad input.
/// query: exit 0, or 2 on bad input.</remarks>
internal static class AuditCommand
{
    private static readonly JsonWriterOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(CliIo io)
    {
        var command = new Command("audit", "Verify the hash chain of audit files, or query the SQLite audit table.");
        command.Subcommands.Add(CreateVerify(io));
        command.Subcommands.Add(CreateQuery(io));
        return command;
    }

    private static Command CreateVerify(CliIo io)
    {
        var files = new Argument<string[]>("FILE") { Description = "Audit files (JSON Lines) or directories of them, in any order.", Arity = ArgumentArity.OneOrMore };
        var requireSeal = new Option<bool>("--require-seal") { Description = "Fail when the chain does not end with a seal (for archived trails)." };
        var json = new Option<bool>("--json") { Description = "Print the outcome as one JSON object." };
        var command = new Command("verify", "Check the hash chain: report the first modified, missing, inserted, reordered or truncated record.")
        {
            files,
            requireSeal,
            json,
        };
        command.SetAction(parse => Verify(io, parse.GetValue(files) ?? [], parse.GetValue(requireSeal), parse.GetValue(json)));
        return command;
    }

    private static Command CreateQuery(CliIo io)
    {
        var db = new Option<string>("--db") { Description = "The SQLite audit database.", Required = true };
        var session = new Option<string?>("--session") { Description = "Only this session." };
        var agent = new Option<string?>("--agent") { Description = "Only this agent instance." };
        var persona = new Option<string?>("--persona") { Description = "Only this persona." };
        var user = new Option<string?>("--user") { Description = "Only this delegating user." };
        var tool = new Option<string?>("--tool") { Description = "Only this tool." };
        var verdict = new Option<string?>("--verdict") { Description = "Only this verdict: allow, redact, require_approval, deny or halt." };
        var since = new Option<string?>("--since") { Description = "From this time on (ISO 8601; UTC when no offset is given)." };
        var until = new Option<string?>("--until") { Description = "Before this time (ISO 8601)." };
        var limit = new Option<int?>("--limit") { Description = "At most this many records, oldest first." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per record." };
        var command = new Command("query", "Query the SQLite audit table by session, agent, persona, user, tool, verdict and time range.")
        {
            db, session, agent, persona, user, tool, verdict, since, until, limit, json,
        };
        command.SetAction((parse, cancellationToken) => QueryAsync(
            io,
            parse.GetValue(db)!,
            new QueryFilter(parse.GetValue(session), parse.GetValue(agent), parse.GetValue(persona), parse.GetValue(user), parse.GetValue(tool), parse.GetValue(verdict), parse.GetValue(since), parse.GetValue(until), parse.GetValue(limit)),
            parse.GetValue(json),
            cancellationToken));
        return command;
    }

    internal static int Verify(CliIo io, string[] files, bool requireSeal, bool json)
    {
        AuditVerificationResult result;
        try
        {
            result = AuditChainVerifier.Verify(files, requireSeal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            io.Error.WriteLine($"error: {ex.Message}");
            return CliIo.BadInput;
        }

        if (json)
        {
            io.Out.WriteLine(ToJson(result));
        }
        else
        {
            foreach (var warning in result.Warnings)
            {
                io.Error.WriteLine($"{warning} (warning)");
            }

            if (result.Error is { } error)
            {
                io.Out.WriteLine(error.ToString());
                io.Out.WriteLine($"broken: {result.RecordCount} record(s) verified before the first problem, in {result.Files.Count} file(s)");
            }
            else
            {
                io.Out.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"ok: {result.RecordCount} record(s) in {result.Files.Count} file(s), records {result.FirstSequence}-{result.LastSequence}, {(result.IsSealed ? "sealed" : "not sealed")}{(result.StartsAtGenesis ? string.Empty : ", begins after earlier files")}; head {result.LastHash}"));
            }
        }

        return result.IsValid ? CliIo.Ok : CliIo.Failed;
    }

    internal static async Task<int> QueryAsync(CliIo io, string db, QueryFilter filter, bool json, CancellationToken cancellationToken)
    {
        if (!TryBuildQuery(filter, out var query, out var problem))
        {
            await io.Error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
            return CliIo.BadInput;
        }

        SqliteAuditReader reader;
        try
        {
            reader = new SqliteAuditReader(db);
        }
        catch (FileNotFoundException ex)
        {
            await io.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return CliIo.BadInput;
        }

        var records = new List<AuditRecord>();
        await using (reader.ConfigureAwait(false))
        {
            try
            {
                await foreach (var record in reader.QueryAsync(query, cancellationToken).ConfigureAwait(false))
                {
                    if (json)
                    {
                        await io.Out.WriteLineAsync(ToJson(record)).ConfigureAwait(false);
                    }
                    else
                    {
                        records.Add(record);
                    }
                }
            }
            catch (Microsoft.Data.Sqlite.SqliteException ex)
            {
                await io.Error.WriteLineAsync($"error: {db} is not an AgentGuard audit database ({ex.Message})").ConfigureAwait(false);
                return CliIo.BadInput;
            }
        }

        if (!json)
        {
            WriteTable(io.Out, records);
            await io.Out.WriteLineAsync($"{records.Count} record(s)").ConfigureAwait(false);
        }

        return CliIo.Ok;
    }

    private static bool TryBuildQuery(QueryFilter filter, out AuditQuery query, out string? problem)
    {
        query = new AuditQuery();
        problem = null;
        GuardVerdict? verdict = null;
        if (filter.Verdict is not null)
        {
            if (!AuditText.TryParseVerdict(filter.Verdict, out var parsed))
            {
                problem = $"--verdict: '{filter.Verdict}' is not one of allow, redact, require_approval, deny, halt";
                return false;
            }

            verdict = parsed;
        }

        if (!TryParseTime(filter.Since, "--since", out var since, ref problem) || !TryParseTime(filter.Until, "--until", out var until, ref problem))
        {
            return false;
        }

        if (filter.Limit is < 0)
        {
            problem = "--limit must not be negative";
            return false;
        }

        query = new AuditQuery
        {
            SessionId = filter.Session,
            AgentId = filter.Agent,
            Persona = filter.Persona,
            UserId = filter.User,
            ToolName = filter.Tool,
            Verdict = verdict,
            Since = since,
            Until = until,
            Limit = filter.Limit,
        };
        return true;
    }

    private static bool TryParseTime(string? text, string option, out DateTimeOffset? value, ref string? problem)
    {
        value = null;
        if (text is null)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }

        problem = $"{option}: '{text}' is not an ISO 8601 time";
        return false;
    }

    private static void WriteTable(TextWriter output, List<AuditRecord> records)
    {
        var console = CliConsole.Create(output);
        var table = new Table().AddColumns("time", "session", "user", "agent", "persona", "tool", "stage", "verdict", "action", "score", "rules");
        foreach (var r in records)
        {
            if (r.Kind == AuditRecordKind.Dropped)
            {
                table.AddRow(Time(r), "-", "-", "-", "-", "-", "-", Markup.Escape($"({r.DroppedCount} dropped)"), "-", "-", "-");
                continue;
            }

            table.AddRow(
                Time(r),
                Markup.Escape(r.SessionId ?? "-"),
                Markup.Escape(r.UserId ?? "-"),
                Markup.Escape(r.AgentId ?? "-"),
                Markup.Escape(r.Persona ?? "-"),
                Markup.Escape(r.ToolName ?? "-"),
                AuditText.Stage(r.Stage),
                AuditText.Verdict(r.Verdict),
                AuditText.Verdict(r.EnforcedAction),
                r.Score.ToString("0.#", CultureInfo.InvariantCulture),
                Markup.Escape(string.Join(", ", r.RuleIds)));
        }

        console.Write(table);
    }

    private static string Time(AuditRecord record) => record.Timestamp.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static string ToJson(AuditRecord record)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, s_json))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", AuditText.Kind(record.Kind));
            AuditRecordJson.WriteFields(writer, record);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string ToJson(AuditVerificationResult result)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, s_json))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("valid", result.IsValid);
            writer.WriteNumber("records", result.RecordCount);
            WriteNumber(writer, "first", result.FirstSequence);
            WriteNumber(writer, "last", result.LastSequence);
            AuditRecordJson.WriteIfPresent(writer, "head", result.LastHash);
            writer.WriteBoolean("sealed", result.IsSealed);
            writer.WriteBoolean("genesis", result.StartsAtGenesis);
            AuditRecordJson.WriteStrings(writer, "files", result.Files);
            if (result.Error is { } error)
            {
                writer.WritePropertyName("error");
                WriteIssue(writer, error);
            }

            writer.WriteStartArray("warnings");
            foreach (var warning in result.Warnings)
            {
                WriteIssue(writer, warning);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteIssue(Utf8JsonWriter writer, AuditChainIssue issue)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", issue.Kind.ToString().ToLowerInvariant());
        AuditRecordJson.WriteIfPresent(writer, "file", issue.File);
        WriteNumber(writer, "line", issue.Line);
        WriteNumber(writer, "sequence", issue.Sequence);
        writer.WriteString("message", issue.Message);
        writer.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }

    internal sealed record QueryFilter(string? Session, string? Agent, string? Persona, string? User, string? Tool, string? Verdict, string? Since, string? Until, int? Limit);
}
