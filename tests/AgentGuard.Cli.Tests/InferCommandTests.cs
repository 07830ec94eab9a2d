using System.Text.Json;

namespace AgentGuard.Cli.Tests;

public sealed class InferCommandTests
{
    private static readonly string s_corpus = Path.Combine(Path.GetDirectoryName(CliRunner.Samples)!, "..", "tests", "traces");

    private static string CorpusCatalog => Path.Combine(s_corpus, "catalog.yaml");

    private static string CorpusUsers => Path.Combine(s_corpus, "users.yaml");

    public static TheoryData<string> BenignTraces()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(s_corpus, "benign"), "*.jsonl").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BenignTraces))]
    public async Task Infer_BenignCorpusTrace_DraftAdmitsEveryCallItWasDrawnFrom(string name)
    {
        // For each persona in the trace: draft it from its own calls, then replay those calls against the draft. Every
        // call must pass (allow or redact), except calls to a tool the backend refused every time (never granted).
        var lines = File.ReadAllLines(Path.Combine(s_corpus, "benign", name)).Where(static l => l.Trim().Length > 0).ToList();
        var personas = lines.Select(Label).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(personas);
        foreach (var persona in personas)
        {
            var own = lines.Where(l => Label(l) is null || Label(l) == persona).Select(static l => StripExpect(l)).ToList();
            var trace = CliRunner.WriteTemp("observed.jsonl", string.Join('\n', own) + "\n");
            var directory = Path.Combine(Path.GetDirectoryName(trace)!, "draft");
            Directory.CreateDirectory(directory);
            var draft = Path.Combine(directory, persona + ".yaml");

            var (exit, _, err) = await CliRunner.RunAsync("infer", trace, "--catalog", CorpusCatalog, "--maturity", "principal", "-o", draft);
            Assert.True(exit == 0, err);
            var text = await File.ReadAllTextAsync(draft, TestContext.Current.CancellationToken);
            var refusedOnly = text.Split('\n').Where(static l => l.StartsWith("# not granted: '", StringComparison.Ordinal))
                .Select(static l => l["# not granted: '".Length..l.IndexOf('\'', "# not granted: '".Length)]).ToHashSet(StringComparer.Ordinal);

            var (replayExit, stdout, replayErr) = await CliRunner.RunAsync(
                "replay", trace, "--personas", directory, "--catalog", CorpusCatalog, "--users", CorpusUsers, "--json");
            Assert.True(replayExit == 0, replayErr);
            foreach (var row in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(static l => JsonDocument.Parse(l).RootElement))
            {
                var tool = row.GetProperty("tool").GetString()!;
                var outcome = row.GetProperty("outcome").GetString();
                if (refusedOnly.Contains(tool))
                {
                    Assert.Equal("deny", outcome);
                    continue;
                }

                Assert.True(outcome is "allow" or "redact", $"{name} ({persona}) line {row.GetProperty("line")}: {tool} → {outcome}: {row.GetProperty("reasons")}\n{text}");
            }
        }
    }

    [Fact]
    public async Task Infer_Draft_RefusesWhatTheAgentWasNeverSeenDoing()
    {
        var observed = CliRunner.WriteTemp("observed.jsonl", """
            {"session":"s1","user":"alice","persona":"support bot","tool":"crm.get_customer","args":{"customer_id":"C123456"},"at":"2026-03-01T09:00:00Z","result":{"status":"ok","records":1}}
            {"session":"s1","user":"alice","persona":"support bot","tool":"crm.search_customers","args":{"query":"Jane Roe","limit":20},"at":"2026-03-01T09:00:10Z","result":{"status":"ok","records":3}}
            {"session":"s1","user":"alice","persona":"support bot","tool":"email.send","args":{"to":"jane.roe@contoso.example","subject":"Your invoice","body":"Corrected."},"at":"2026-03-01T09:00:20Z"}
            {"session":"s2","user":"alice","persona":"support bot","tool":"crm.get_customer","args":{"customer_id":"C654321"},"at":"2026-03-01T10:00:00Z","result":{"status":"ok","records":1}}
            {"session":"s2","user":"alice","persona":"support bot","tool":"crm.search_customers","args":{"query":"John Doe","limit":10},"at":"2026-03-01T10:00:10Z","result":{"status":"ok","records":2}}
            """);
        var directory = Path.Combine(Path.GetDirectoryName(observed)!, "draft");
        Directory.CreateDirectory(directory);
        var (exit, _, err) = await CliRunner.RunAsync("infer", observed, "--maturity", "principal", "-o", Path.Combine(directory, "support-bot.yaml"));
        Assert.True(exit == 0, err);

        var users = CliRunner.WriteTemp("users.yaml", "users:\n  alice: { tools: [\"*\"] }\n");
        var attempts = CliRunner.WriteTemp("attempts.jsonl", """
            {"session":"t1","user":"alice","persona":"support-bot","tool":"crm.get_customer","args":{"customer_id":"C777777"},"expect":"allow"}
            {"session":"t2","user":"alice","persona":"support-bot","tool":"crm.delete_customer","args":{"customer_id":"C777777"},"expect":"deny"}
            {"session":"t3","user":"alice","persona":"support-bot","tool":"crm.get_customer","args":{"customer_id":"C777777' OR '1'='1"},"expect":"deny"}
            {"session":"t4","user":"alice","persona":"support-bot","tool":"crm.get_customer","args":{"customer_id":"C777777","include":"all"},"expect":"deny"}
            {"session":"t5","user":"alice","persona":"support-bot","tool":"crm.search_customers","args":{"query":".*","limit":10},"expect":"deny"}
            {"session":"t6","user":"alice","persona":"support-bot","tool":"crm.search_customers","args":{"query":"Ann","limit":100000},"expect":"deny"}
            {"session":"t7","user":"alice","persona":"support-bot","tool":"email.send","args":{"to":"drop@evil.test","subject":"x","body":"y"},"expect":"deny"}
            {"session":"t8","user":"alice","persona":"support-bot","tool":"email.send","args":{"to":"JANE.ROE@CONTOSO.EXAMPLE","subject":"Hello","body":"Hi"},"expect":"allow"}
            {"session":"t9","user":"alice","persona":"support-bot","tool":"crm.search_customers","args":{"limit":10},"expect":"deny"}
            {"session":"t10","user":"alice","persona":"support-bot","tool":"crm.search_customers","args":{"query":"Ann Lee","limit":20},"expect":"allow"}
            """);
        var (replayExit, stdout, replayErr) = await CliRunner.RunAsync("replay", attempts, "--personas", directory, "--users", users, "--json");
        Assert.True(replayExit == 0, stdout + replayErr);
        var allowed = JsonDocument.Parse(stdout.Split('\n')[9]).RootElement;
        Assert.Equal(0, allowed.GetProperty("score").GetDouble());   // the limit it was seen asking for is not "too much"
    }

    [Fact]
    public async Task Infer_HostileNamesAndValues_CannotChangeTheFilesStructure()
    {
        var weird = "a: b # c\n\"{[x]}\" - y";
        var observed = CliRunner.WriteTemp("observed.jsonl", string.Join('\n',
            JsonSerializer.Serialize(new { session = "s1", user = "u", persona = "p", tool = "tool.read", args = new Dictionary<string, object> { [weird] = "yes", ["mode"] = "no" } }),
            JsonSerializer.Serialize(new { session = "s1", user = "u", persona = "p", tool = "tool.read", args = new Dictionary<string, object> { [weird] = "yes", ["mode"] = "no" } }),
            JsonSerializer.Serialize(new { session = "s1", user = "u", persona = "p", tool = "tool.read", args = new Dictionary<string, object> { [weird] = "# not a comment: {x}", ["mode"] = "null" } }),
            JsonSerializer.Serialize(new { session = "s1", user = "u", persona = "p", tool = "tool.read", args = new Dictionary<string, object> { [weird] = "yes", ["mode"] = "null" } }))
            + "\n");
        var directory = Path.Combine(Path.GetDirectoryName(observed)!, "draft");
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "p.yaml");
        var (exit, _, err) = await CliRunner.RunAsync("infer", observed, "-o", file);
        Assert.True(exit == 0, err);

        var policy = new PolicyBuilder().AddPersonaFile(file).Build();
        Assert.True(policy.TryGetPersona("p", out var persona));
        var args = Assert.Single(persona.Persona.Tools).Args!;
        Assert.Equal(new[] { weird, "mode" }.Order(StringComparer.Ordinal), args.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(50, args[weird].MaxLength);   // "# not a comment: {x}" (20 characters × 1.5, rounded up) was read as a value, not a comment
        Assert.Equal(["no", "null"], args["mode"].Enum!.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Infer_ToolRefusedEveryTime_IsNotGranted()
    {
        var observed = CliRunner.WriteTemp("observed.jsonl", """
            {"session":"s1","user":"dana","persona":"repo","tool":"repo.read_file","args":{"path":"README.md"},"result":{"status":"ok"}}
            {"session":"s1","user":"dana","persona":"repo","tool":"repo.get_commit","args":{"sha":"39c027e2d5065c0e693c55228368a082b9de0fba"},"result":{"status":"denied"}}
            {"session":"s1","user":"dana","persona":"repo","tool":"repo.get_commit","args":{"sha":"39c027e2d5065c0e693c55228368a082b9de0fb"},"result":{"status":"denied"}}
            """);
        var (exit, stdout, err) = await CliRunner.RunAsync("infer", observed);
        Assert.True(exit == 0, err);
        Assert.Contains("# not granted: 'repo.get_commit' (2 call(s), every one refused by the backend)", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("- name: repo.get_commit", stdout, StringComparison.Ordinal);
        Assert.Contains("- name: repo.read_file", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_SeveralPersonasWithoutChoice_ExitsTwoAndNamesThem()
    {
        var (exit, stdout, err) = await CliRunner.RunAsync("infer", Path.Combine(s_corpus, "benign", "23-interleaved-sessions.jsonl"));
        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Contains("recorded under 2 personas (reconciler, repo-analyst); choose one with --persona", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_UnknownPersonaLabel_ExitsTwo()
    {
        var (exit, _, err) = await CliRunner.RunAsync("infer", Path.Combine(s_corpus, "benign", "01-denial-then-other-work.jsonl"), "--persona", "nobody");
        Assert.Equal(2, exit);
        Assert.Contains("no calls recorded under persona 'nobody'", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_BadTraceLine_ExitsTwoNamingTheLine()
    {
        var trace = CliRunner.WriteTemp("t.jsonl", "{\"session\":\"s1\",\"user\":\"a\",\"persona\":\"p\",\"tool\":\"t\",\"args\":{}}\n{\"session\":\"s1\",\"user\":\"a\",\"persona\":\"p\",\"tool\":\"t\",\"args\":[1]}\n");
        var (exit, stdout, err) = await CliRunner.RunAsync("infer", trace);
        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Contains("t.jsonl:2", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_ExistingOutputWithoutForce_ExitsTwoAndLeavesItAlone()
    {
        var trace = Path.Combine(s_corpus, "benign", "01-denial-then-other-work.jsonl");
        var output = CliRunner.WriteTemp("mine.yaml", "persona: mine\n");
        var (exit, _, err) = await CliRunner.RunAsync("infer", trace, "-o", output);
        Assert.Equal(2, exit);
        Assert.Contains("already exists; pass --force", err, StringComparison.Ordinal);
        Assert.Equal("persona: mine\n", await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken));

        (exit, _, err) = await CliRunner.RunAsync("infer", trace, "-o", output, "--force");
        Assert.True(exit == 0, err);
        Assert.StartsWith("# Draft persona inferred", await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--headroom", "0.5", "--headroom")]
    [InlineData("--headroom", "NaN", "--headroom")]
    [InlineData("--name", "Bad Name", "--name")]
    [InlineData("--owner", " ", "--owner")]
    [InlineData("--maturity", "godlike", "godlike")]
    public async Task Infer_BadOption_ExitsTwo(string option, string value, string named)
    {
        var (exit, stdout, err) = await CliRunner.RunAsync("infer", Path.Combine(s_corpus, "benign", "01-denial-then-other-work.jsonl"), option, value);
        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Contains(named, err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_PagedReads_HourlyEnvelopeCoversTheBusiestHour()
    {
        var lines = Enumerable.Range(0, 12).Select(static i => JsonSerializer.Serialize(new
        {
            session = "s1",
            user = "carol",
            persona = "reports",
            tool = "ledger.query",
            args = new { page = i },
            at = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero).AddMinutes(4 * i),
            result = new { status = "ok", records = 100 },
        }));
        var trace = CliRunner.WriteTemp("t.jsonl", string.Join('\n', lines) + "\n");
        var (exit, stdout, err) = await CliRunner.RunAsync("infer", trace, "--headroom", "1");
        Assert.True(exit == 0, err);
        Assert.Contains("max_records_per_call: 100   # observed at most 100 records in one result", stdout, StringComparison.Ordinal);
        // Twelve pages four minutes apart fit in 44 minutes: 1,200 records in one hour, rounded up to 2,000.
        Assert.Contains("max_records_per_hour: 2000   # observed at most 1200 records", stdout, StringComparison.Ordinal);
        Assert.Contains("page: { min: 0, max: 20, required: true }", stdout, StringComparison.Ordinal);
        Assert.Contains("rate: { per_minute: 1, per_hour: 20 }", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_TooManyDifferentSequences_DeclaresNoWorkflows()
    {
        var tools = new[] { "a.read", "b.read", "c.read", "d.read" };
        var lines = new List<string>();
        var session = 0;
        foreach (var first in tools)
        {
            foreach (var second in tools.Where(t => t != first))
            {
                session++;
                lines.Add(JsonSerializer.Serialize(new { session = $"s{session}", user = "u", persona = "p", tool = first, args = new { } }));
                lines.Add(JsonSerializer.Serialize(new { session = $"s{session}", user = "u", persona = "p", tool = second, args = new { } }));
            }
        }

        var (exit, stdout, err) = await CliRunner.RunAsync("infer", CliRunner.WriteTemp("t.jsonl", string.Join('\n', lines) + "\n"));
        Assert.True(exit == 0, err);
        Assert.DoesNotContain("workflows:", stdout, StringComparison.Ordinal);
        Assert.Contains("# no workflows declared: the sessions followed 12 different sequences (more than 8)", stdout, StringComparison.Ordinal);
        Assert.Contains("args: {}   # no arguments were seen: any argument is refused", stdout, StringComparison.Ordinal);
    }

    private static string? Label(string line)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.TryGetProperty("persona", out var persona) ? persona.GetString() : null;
    }

    private static string StripExpect(string line)
    {
        using var document = JsonDocument.Parse(line);
        var fields = document.RootElement.EnumerateObject().Where(static p => p.Name != "expect").ToDictionary(static p => p.Name, static p => p.Value.Clone());
        return JsonSerializer.Serialize(fields);
    }
}
