using System.Text.Json;

namespace AgentGuard.Core.Tests.Audit;

/// <summary>Decision events, temp directories and line-level file surgery for the audit tests.</summary>
internal static class AuditTestData
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "agentguard-audit-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static DecisionEvent Event(
        int index = 0,
        GuardVerdict verdict = GuardVerdict.Allow,
        string args = """{"customer_id":"C000001"}""",
        string session = "s1",
        IReadOnlyList<GuardFinding>? findings = null,
        ToolResult? result = null,
        string tool = "crm.get_customer",
        params string[] rules)
    {
        var call = new ToolCall
        {
            ToolName = tool,
            Arguments = JsonDocument.Parse(args).RootElement.Clone(),
            SessionId = session,
            UserId = "alice",
            AgentId = "agent-1",
            Persona = "support-triage",
            CallId = "call-" + index,
            Timestamp = Start.AddSeconds(index),
        };
        var decision = verdict == GuardVerdict.Allow && rules.Length == 0 && findings is null
            ? GuardDecision.Allowed
            : new GuardDecision(verdict, ruleIds: rules, reasons: [.. rules.Select(static r => "because " + r)], score: 12.5, findings: findings);
        return new DecisionEvent(result is null ? DecisionStage.Authorize : DecisionStage.InspectResult, call, result, decision, Start.AddSeconds(index), "support-triage");
    }

    public static AuditRecord Record(int index = 0, GuardVerdict verdict = GuardVerdict.Allow, string session = "s1") =>
        AuditRecord.FromDecision(Event(index, verdict, session: session, rules: verdict == GuardVerdict.Allow ? [] : ["scope.not_in_persona"]), new AuditDigester(null));

    /// <summary>Writes <paramref name="count"/> decision records through a file sink, in batches of seven, and disposes
    /// it (sealed). Unsealed: the files are copied as they are while the writer still runs, into a new directory, as a
    /// crashed writer would leave them; the returned directory is that copy.</summary>
    public static async Task<string> WriteChainAsync(string directory, int count, Action<FileAuditOptions>? configure = null, bool seal = true)
    {
        var options = new FileAuditOptions { Directory = directory };
        configure?.Invoke(options);
        var sink = new FileAuditSink(options);
        for (var i = 0; i < count; i += 7)
        {
            await sink.WriteAsync([.. Enumerable.Range(i, Math.Min(7, count - i)).Select(static n => Record(n))], TestContext.Current.CancellationToken);
        }

        if (!seal)
        {
            var copy = TempDirectory();
            foreach (var file in Directory.EnumerateFiles(directory, "*.jsonl"))
            {
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            }

            await sink.DisposeAsync();
            return copy;
        }

        await sink.DisposeAsync();
        return directory;
    }

    public static string[] Files(string directory) => [.. Directory.EnumerateFiles(directory, "*.jsonl").Order(StringComparer.Ordinal)];

    public static List<string> Lines(string path) => [.. File.ReadAllText(path).Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    public static void WriteLines(string path, IEnumerable<string> lines) => File.WriteAllText(path, string.Concat(lines.Select(static l => l + "\n")));

    public static JsonElement Json(string line) => JsonDocument.Parse(line).RootElement.Clone();

    public static long Seq(string line) => Json(line).GetProperty("seq").GetInt64();
}
