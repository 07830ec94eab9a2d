using AgentGuard.Testing;

namespace AgentGuard.Core.Tests.Pipeline;

public sealed class ArgumentsCheckTests
{
    private readonly TestGuard _guard = new(TestGuard.Policy());

    private async Task<GuardDecision> Authorize(string tool, string args) =>
        await _guard.Engine.AuthorizeAsync(TestGuard.Call(tool, args), TestContext.Current.CancellationToken);

    [Theory]
    [InlineData("""{"customer_id":"C12345"}""")]
    [InlineData("""{"customer_id":"C1234567"}""")]
    [InlineData("""{"customer_id":"c123456"}""")]
    [InlineData("""{"customer_id":"C123456\n"}""")]
    [InlineData("""{"customer_id":"C123456 OR 1=1"}""")]
    [InlineData("""{"customer_id":"C12345６"}""")] // full-width digit
    [InlineData("""{"customer_id":["C123456","C999999; drop"]}""")]
    [InlineData("""{"customer_id":{"$ne":null}}""")]
    public async Task Pattern_Violations_Denied(string args)
    {
        var decision = await Authorize("crm.get_customer", args);
        Assert.Equal(GuardVerdict.Deny, decision.Verdict);
        Assert.Contains(decision.RuleIds, r => r.StartsWith("args.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownArgument_Refused()
    {
        var decision = await Authorize("crm.get_customer", """{"customer_id":"C123456","include_ssn":true}""");
        Assert.Contains("args.unknown", decision.RuleIds);
    }

    [Fact]
    public async Task CaseVariantOfArgumentName_IsUnknown()
    {
        var decision = await Authorize("crm.search_customers", """{"query":"smith","Limit":100000}""");
        Assert.Contains("args.unknown", decision.RuleIds);
    }

    [Fact]
    public async Task DuplicateArgument_LastWinsSmuggling_Refused()
    {
        var decision = await Authorize("crm.search_customers", """{"query":"smith","limit":10,"limit":100000}""");
        Assert.Contains("args.duplicate", decision.RuleIds);
    }

    [Theory]
    [InlineData("""{"query":"smith","limit":51}""", "args.max")]
    [InlineData("""{"query":"smith","limit":"100000"}""", "args.max")]
    [InlineData("""{"query":"smith","limit":1e9}""", "args.max")]
    [InlineData("""{"query":"smith","limit":"ten"}""", "args.type")]
    [InlineData("""{"query":"smith","limit":"NaN"}""", "args.type")]
    [InlineData("""{"query":"smith","limit":"Infinity"}""", "args.type")]
    public async Task Max_Violations_Denied(string args, string rule)
    {
        var decision = await Authorize("crm.search_customers", args);
        Assert.Contains(rule, decision.RuleIds);
    }

    [Theory]
    [InlineData(".*")]
    [InlineData("*")]
    [InlineData("%")]
    [InlineData("smi%")]
    [InlineData("?")]
    [InlineData("^.*$")]
    [InlineData("[\\\\s\\\\S]*")]
    [InlineData(".+")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("＊")] // full-width asterisk
    [InlineData("%2A")]
    [InlineData("' OR '1'='1")]
    [InlineData("x OR 1=1")]
    public async Task DenyWildcards_MatchAllValues_Denied(string query)
    {
        var decision = await Authorize("crm.search_customers", $$"""{"query":"{{query}}","limit":10}""");
        Assert.Contains("args.wildcard", decision.RuleIds);
    }

    [Theory]
    [InlineData("smith")]
    [InlineData("Jane Smith")]
    [InlineData("o'brien")]
    [InlineData("C123456")]
    [InlineData("acme.example")]
    public async Task DenyWildcards_OrdinaryValues_Allowed(string query)
    {
        var decision = await Authorize("crm.search_customers", $$"""{"query":"{{query}}","limit":10}""");
        Assert.True(decision.IsAllowed, decision.ToString());
    }

    [Fact]
    public async Task MaxLength_Exceeded_Denied()
    {
        var decision = await Authorize("crm.search_customers", $$"""{"query":"{{new string('a', 65)}}"}""");
        Assert.Contains("args.max_length", decision.RuleIds);
    }

    [Theory]
    [InlineData("bob@contoso.example")]
    [InlineData("Bob Smith <bob@contoso.example>")]
    [InlineData("BOB@CONTOSO.EXAMPLE")]
    [InlineData("bob@eu.contoso.example")]
    [InlineData("a@contoso.example, b@contoso.example")]
    [InlineData("bob@contoso.example.")]
    [InlineData("contoso.example")]
    public async Task AllowedDomains_Internal_Allowed(string to)
    {
        var decision = await Authorize("email.send", $$"""{"to":"{{to}}","body":"hi"}""");
        Assert.True(decision.IsAllowed, decision.ToString());
    }

    [Theory]
    [InlineData("mallory@evil.test")]
    [InlineData("bob@contoso.example.evil.test")]
    [InlineData("bob@evilcontoso.example")]
    [InlineData("bob@contoso.example@evil.test")]
    [InlineData("\\\"bob@contoso.example\\\"@evil.test")]
    [InlineData("bob%evil.test@contoso.example")]
    [InlineData("evil.test!bob@contoso.example")]
    [InlineData("a@contoso.example, m@evil.test")]
    [InlineData("a@contoso.example; m@evil.test")]
    [InlineData("Contoso <m@evil.test>")]
    [InlineData("m@evil.test <a@contoso.example>x")]
    [InlineData("bob@contoso.ехample")] // Cyrillic х
    [InlineData("bob@contoso.example\u200B")]
    [InlineData("")]
    [InlineData("https://evil.test/contoso.example")]
    public async Task AllowedDomains_Bypasses_Denied(string to)
    {
        var decision = await Authorize("email.send", $$"""{"to":"{{to}}","body":"hi"}""");
        Assert.Contains("args.allowed_domains", decision.RuleIds);
    }

    [Fact]
    public async Task AllowedDomains_ArrayOfRecipients_EachChecked()
    {
        var ok = await Authorize("email.send", """{"to":["a@contoso.example","b@contoso.example"],"body":"x"}""");
        var bad = await Authorize("email.send", """{"to":["a@contoso.example","m@evil.test"],"body":"x"}""");
        Assert.True(ok.IsAllowed);
        Assert.Contains("args.allowed_domains", bad.RuleIds);
    }

    [Fact]
    public async Task Required_Missing_Denied()
    {
        var persona = TestGuard.SupportTriage() with
        {
            Tools = [new ToolGrant { Name = "tickets.get", Args = new Dictionary<string, ArgumentConstraint> { ["id"] = new() { Required = true } } }],
        };
        var guard = new TestGuard(TestGuard.Policy(persona, users: false));
        var missing = await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.get", "{}"), TestContext.Current.CancellationToken);
        var nulled = await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.get", """{"id":null}"""), TestContext.Current.CancellationToken);
        Assert.Contains("args.required", missing.RuleIds);
        Assert.Contains("args.required", nulled.RuleIds);
    }

    [Fact]
    public async Task Enum_OnlyListedValues()
    {
        var persona = TestGuard.SupportTriage() with
        {
            Tools = [new ToolGrant { Name = "tickets.get", Args = new Dictionary<string, ArgumentConstraint> { ["priority"] = new() { Enum = ["low", "high", "3"] } } }],
        };
        var guard = new TestGuard(TestGuard.Policy(persona, users: false));
        Assert.True((await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.get", """{"priority":"low"}"""), TestContext.Current.CancellationToken)).IsAllowed);
        Assert.True((await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.get", """{"priority":3}"""), TestContext.Current.CancellationToken)).IsAllowed);
        Assert.Contains("args.enum", (await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.get", """{"priority":"LOW"}"""), TestContext.Current.CancellationToken)).RuleIds);
        Assert.Contains("args.enum", (await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.get", """{"priority":"low "}"""), TestContext.Current.CancellationToken)).RuleIds);
    }

    [Theory]
    [InlineData("https://api.contoso.example/v1/x", true)]
    [InlineData("api.contoso.example/v1/x", true)]
    [InlineData("HTTPS://API.CONTOSO.EXAMPLE/", true)]
    [InlineData("https://eu.files.contoso.example/", true)]
    [InlineData("https://files.contoso.example/", false)] // *.files… allows subdomains only
    [InlineData("https://api.contoso.example.evil.test/", false)]
    [InlineData("https://api.contoso.example@evil.test/", false)]
    [InlineData("https://evil.test/?u=https://api.contoso.example", false)]
    [InlineData("https://evil.test#api.contoso.example", false)]
    [InlineData("https://evil.test\\\\@api.contoso.example", false)]
    [InlineData("ftp://api.contoso.example/", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("https://127.0.0.1/", false)]
    [InlineData("https://api.contoso.example:8443/", false)]
    [InlineData("https://internal.contoso.example:8443/", true)]
    public async Task AllowedHosts_Bypasses(string url, bool allowed)
    {
        var persona = TestGuard.SupportTriage() with
        {
            Tools =
            [
                new ToolGrant
                {
                    Name = "http.get",
                    Args = new Dictionary<string, ArgumentConstraint> { ["url"] = new() { AllowedHosts = ["api.contoso.example", "*.files.contoso.example", "internal.contoso.example:8443"] } },
                },
            ],
        };
        var guard = new TestGuard(TestGuard.Policy(persona, users: false));
        var decision = await guard.Engine.AuthorizeAsync(TestGuard.Call("http.get", $$"""{"url":"{{url}}"}"""), TestContext.Current.CancellationToken);
        Assert.Equal(allowed, decision.IsAllowed);
        if (!allowed)
        {
            Assert.Contains("args.allowed_hosts", decision.RuleIds);
        }
    }

    [Fact]
    public async Task Min_BelowMinimum_Denied()
    {
        var persona = TestGuard.SupportTriage() with
        {
            Tools = [new ToolGrant { Name = "tickets.list", Args = new Dictionary<string, ArgumentConstraint> { ["page"] = new() { Min = 1, Max = 10 } } }],
        };
        var guard = new TestGuard(TestGuard.Policy(persona, users: false));
        Assert.Contains("args.min", (await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.list", """{"page":0}"""), TestContext.Current.CancellationToken)).RuleIds);
        Assert.Contains("args.min", (await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.list", """{"page":-1e308}"""), TestContext.Current.CancellationToken)).RuleIds);
        Assert.True((await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.list", """{"page":"  7 "}"""), TestContext.Current.CancellationToken)).IsAllowed);
    }

    [Fact]
    public async Task ArgumentsNotAnObject_Denied()
    {
        var decision = await Authorize("crm.get_customer", """["C123456"]""");
        Assert.Contains("args.not_object", decision.RuleIds);
    }

    [Fact]
    public async Task Denial_ReasonDoesNotEchoHugeOrControlText()
    {
        var name = "x\u202Eevil" + new string('a', 500);
        var decision = await Authorize("crm.get_customer", $$"""{"{{name}}":1,"customer_id":"C123456"}""");
        var reason = Assert.Single(decision.Reasons);
        Assert.True(reason.Length < 200, reason);
        Assert.DoesNotContain('\u202E', reason);
    }
}
