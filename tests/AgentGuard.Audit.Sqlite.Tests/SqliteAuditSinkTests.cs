using System.Text;
using System.Text.Json;
using AgentGuard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AgentGuard.Audit.Sqlite.Tests;

public sealed class SqliteAuditSinkTests
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string TempDatabase()
    {
        var dir = Path.Combine(Path.GetTempPath(), "agentguard-sqlite-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, "audit.db");
    }

    private static AuditRecord Record(int i, string session = "s1", string agent = "agent-1", string persona = "support-triage", GuardVerdict verdict = GuardVerdict.Allow) => new()
    {
        Timestamp = s_start.AddMinutes(i),
        SessionId = session,
        UserId = "alice",
        AgentId = agent,
        Persona = persona,
        ToolName = "crm.get_customer",
        CallId = "call-" + i,
        Verdict = verdict,
        EnforcedAction = verdict,
        RuleIds = verdict == GuardVerdict.Allow ? [] : ["scope.not_in_persona"],
        Reasons = verdict == GuardVerdict.Allow ? [] : ["tool is not part of persona"],
        Score = i,
        ArgumentsDigest = "sha256:" + new string('a', 64),
    };

    private static async Task<List<AuditRecord>> QueryAsync(string db, AuditQuery query)
    {
        await using var reader = new SqliteAuditReader(db);
        var records = new List<AuditRecord>();
        await foreach (var record in reader.QueryAsync(query, Ct))
        {
            records.Add(record);
        }

        return records;
    }

    [Fact]
    public async Task Write_ThenRead_RoundTripsEveryField()
    {
        var db = TempDatabase();
        var record = Record(1) with
        {
            Stage = DecisionStage.InspectResult,
            ParentAgentId = "parent",
            DelegationChain = ["root", "mid"],
            Findings = [new GuardFinding("aws_access_key_id", "secret", "$.content", 3, 20, "redact")],
            ResultStatus = ToolResultStatus.Denied,
            ResultRecordCount = 7,
            ResultDigest = "sha256:" + new string('b', 64),
            ResourceDigest = "sha256:" + new string('c', 64),
            Verdict = GuardVerdict.Redact,
            EnforcedAction = GuardVerdict.Redact,
            RuleIds = ["dlp.redact"],
            Reasons = ["secret redacted"],
        };
        await using (var sink = new SqliteAuditSink(new SqliteAuditOptions { DatabasePath = db }))
        {
            await sink.WriteAsync([record, new AuditRecord { Kind = AuditRecordKind.Dropped, Timestamp = s_start, DroppedCount = 4 }], Ct);
        }

        var all = await QueryAsync(db, new AuditQuery());
        Assert.Equal(2, all.Count);
        var back = all[0];
        Assert.Equal(record.Timestamp, back.Timestamp);
        Assert.Equal(record with { DelegationChain = back.DelegationChain, RuleIds = back.RuleIds, Reasons = back.Reasons, Findings = back.Findings }, back);
        Assert.Equal(record.DelegationChain, back.DelegationChain);
        Assert.Equal(record.RuleIds, back.RuleIds);
        Assert.Equal(record.Reasons, back.Reasons);
        Assert.Equal(record.Findings, back.Findings);
        Assert.Equal(AuditRecordKind.Dropped, all[1].Kind);
        Assert.Equal(4, all[1].DroppedCount);
    }

    [Fact]
    public async Task Query_BySessionAgentPersonaVerdictAndTime()
    {
        var db = TempDatabase();
        await using (var sink = new SqliteAuditSink(new SqliteAuditOptions { DatabasePath = db }))
        {
            await sink.WriteAsync(
            [
                Record(0),
                Record(1, session: "s2"),
                Record(2, agent: "agent-2"),
                Record(3, persona: "reconciliation", verdict: GuardVerdict.Halt),
                Record(4, verdict: GuardVerdict.Deny),
                Record(5, session: "s2", verdict: GuardVerdict.Deny),
            ], Ct);
        }

        static IEnumerable<string?> Ids(List<AuditRecord> records) => records.Select(static r => r.CallId);
        Assert.Equal(["call-1", "call-5"], Ids(await QueryAsync(db, new AuditQuery { SessionId = "s2" })));
        Assert.Equal(["call-2"], Ids(await QueryAsync(db, new AuditQuery { AgentId = "agent-2" })));
        Assert.Equal(["call-3"], Ids(await QueryAsync(db, new AuditQuery { Persona = "reconciliation" })));
        Assert.Equal(["call-4", "call-5"], Ids(await QueryAsync(db, new AuditQuery { Verdict = GuardVerdict.Deny })));
        Assert.Equal(["call-5"], Ids(await QueryAsync(db, new AuditQuery { Verdict = GuardVerdict.Deny, SessionId = "s2" })));
        Assert.Equal(["call-2", "call-3"], Ids(await QueryAsync(db, new AuditQuery { Since = s_start.AddMinutes(2), Until = s_start.AddMinutes(4) })));
        Assert.Equal(["call-0", "call-1"], Ids(await QueryAsync(db, new AuditQuery { Limit = 2 })));
        Assert.Empty(await QueryAsync(db, new AuditQuery { SessionId = "s1' OR '1'='1" }));
    }

    [Fact]
    public async Task AddSqliteAudit_EngineDecisionsQueryable_NoSecretInTheDatabase()
    {
        const string Secret = "AKIAIOSFODNN7EXAMPLE";
        var db = TempDatabase();
        var services = new ServiceCollection();
        services.AddAgentGuard().UsePolicy(TestGuard.Policy()).AddSqliteAudit(db);
        await using (var provider = services.BuildServiceProvider())
        {
            var guard = provider.GetRequiredService<IAgentGuard>();
            var search = TestGuard.Call("crm.search_customers", $$"""{"query":"{{Secret}}","limit":5}""");
            await guard.AuthorizeAsync(search, Ct);
            await guard.InspectResultAsync(search, ToolResult.FromText("key " + Secret) with { Resource = "s3://bucket/" + Secret }, Ct);
            await guard.AuthorizeAsync(TestGuard.Call("crm.delete_customer", $$"""{"id":"{{Secret}}"}""", session: "s9"), Ct);
        }

        var denied = await QueryAsync(db, new AuditQuery { Verdict = GuardVerdict.Deny });
        var only = Assert.Single(denied);
        Assert.Equal("s9", only.SessionId);
        Assert.Equal(3, (await QueryAsync(db, new AuditQuery())).Count);

        var bytes = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(db)!))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            bytes.Append(await reader.ReadToEndAsync(Ct));
        }

        Assert.Contains("crm.delete_customer", bytes.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, bytes.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Reader_MissingDatabase_Throws() =>
        Assert.Throws<FileNotFoundException>(() => new SqliteAuditReader(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".db")));

    [Fact]
    public void Options_NoPathOrConnectionString_Throws() =>
        Assert.Throws<ArgumentException>(() => new SqliteAuditSink(new SqliteAuditOptions()));

    [Fact]
    public async Task DisposedSink_RefusesWrites()
    {
        var sink = new SqliteAuditSink(new SqliteAuditOptions { DatabasePath = TempDatabase() });
        await sink.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await sink.WriteAsync([Record(0)], Ct));
    }

    [Fact]
    public async Task Findings_StoredAsKindsAndLocations()
    {
        var db = TempDatabase();
        await using (var sink = new SqliteAuditSink(new SqliteAuditOptions { DatabasePath = db }))
        {
            await sink.WriteAsync([Record(0) with { Findings = [new GuardFinding("iban", "pii", "$.args.to", 0, 22, "block")] }], Ct);
        }

        var finding = Assert.Single(Assert.Single(await QueryAsync(db, new AuditQuery())).Findings);
        Assert.Equal(JsonSerializer.Serialize(new GuardFinding("iban", "pii", "$.args.to", 0, 22, "block")), JsonSerializer.Serialize(finding));
    }
}
