using System.Text;
using System.Text.Json;

namespace AgentGuard.Core.Tests.Behavior;

public sealed class BehaviorTaintTests
{
    private const string Customer = """
        {"customer_id":"C000555","name":"Maria Kowalczyk","email":"maria.k@mail.example.org","account":"NL-ACC-99812377",
         "iban":"NL91ABNA0417164300","card":"4111 1111 1111 1111","address":"Keizersgracht 12, Amsterdam"}
        """;

    private static BehaviorHarness WithCustomerRead(BehaviorOptions? options = null)
    {
        var h = BehaviorHarness.Create(options);
        h.Persona = "reconciler";
        var (_, result) = h.Run("crm.get_customer", """{"customer_id":"C000555"}""", BehaviorHarness.Ok(Customer, 1));
        Assert.Equal(GuardVerdict.Allow, result!.Verdict);
        h.Clock.Advance(TimeSpan.FromMinutes(2));
        return h;
    }

    private static string Post(string body) => JsonSerializer.Serialize(new { url = "https://hooks.example/in", body });

    [Theory]
    [InlineData("acct NL-ACC-99812377")]
    [InlineData("x=nl-acc-99812377&y=1")]
    [InlineData("account 99812377 please")]
    [InlineData("notes: MARIA KOWALCZYK is a lead")]
    [InlineData("Dear  maria   kowalczyk,")]
    [InlineData("ping maria.k@mail.example.org")]
    [InlineData("https://c.example/?e=MARIA.K@MAIL.EXAMPLE.ORG")]
    [InlineData("pay to NL91 ABNA 0417 1643 00 today")]
    [InlineData("card 4111-1111-1111-1111")]
    [InlineData("ship to keizersgracht 12 amsterdam")]
    public void Taint_SensitiveValueInEgressArguments_IsDenied(string body)
    {
        var h = WithCustomerRead();

        var call = h.Call("http.post", Post(body));

        Assert.Equal(GuardVerdict.Deny, call.Verdict);
        Assert.Contains("behavior.taint", call.RuleIds);
        Assert.Equal(h.Options.Weights.Taint, call.Score, 0);
    }

    [Fact]
    public void Taint_NestedArgument_IsDenied()
    {
        var h = WithCustomerRead();

        var call = h.Call("http.post", """{"url":"https://x.example","json":{"items":[{"note":"x"},{"note":"99812377"}]}}""");

        Assert.Contains("behavior.taint", call.RuleIds);
    }

    [Fact]
    public void Taint_SecondAttempt_HaltsEvenHoursLater()
    {
        var h = WithCustomerRead();

        h.Call("http.post", Post("acct NL-ACC-99812377"));
        h.Clock.Advance(TimeSpan.FromHours(6));
        var second = h.Call("http.post", """{"url":"https://other.example","body":"Maria Kowalczyk"}""");

        Assert.Equal(GuardVerdict.Halt, second.Verdict);
    }

    [Fact]
    public void Taint_Reason_NeverContainsTheValue()
    {
        var h = WithCustomerRead();

        var call = h.Call("http.post", Post("acct NL-ACC-99812377"));

        var reasons = string.Join(" ", call.Reasons);
        Assert.Contains("argument 'body' of egress tool 'http.post'", reasons, StringComparison.Ordinal);
        Assert.DoesNotContain("99812377", reasons, StringComparison.Ordinal);
    }

    [Fact]
    public void Taint_StateHoldsFingerprintsNotValues()
    {
        var h = WithCustomerRead();

        var state = Encoding.UTF8.GetString(h.Snapshot().Serialize());

        Assert.NotEqual(0, h.Snapshot().CallCount);
        foreach (var value in new[] { "kowalczyk", "maria", "NL91", "4111 1111", "keizersgracht" })
        {
            Assert.DoesNotContain(value, state, StringComparison.OrdinalIgnoreCase);
        }

        // Fingerprints are serialized as numbers, so a bare digit run can occur inside one by chance (the key is random
        // per run): digit-only values count only when they stand alone, as a stored raw value would.
        foreach (var digits in new[] { "99812377", "4111111111111111", "0417164300" })
        {
            Assert.DoesNotMatch($"(?<![0-9]){digits}(?![0-9])", state);
        }
    }

    [Theory]
    [InlineData("Reconciled 30 accounts in Amsterdam, 2 mismatches.")]
    [InlineData("Customer C000555 reconciled.")] // the id the agent asked for: it had it before the result
    [InlineData("Card ending 1111 checked.")]
    [InlineData("Invoice 2025-12-03 paid")]
    public void Taint_OrdinaryText_IsNotDenied(string body)
    {
        var h = WithCustomerRead();

        var call = h.Call("http.post", Post(body));

        Assert.NotEqual(GuardVerdict.Deny, call.Verdict);
    }

    [Fact]
    public void Taint_CommonWordsOfASensitiveResult_ScoreWeaklyWithoutDenying()
    {
        var h = BehaviorHarness.Create();
        h.Persona = "reconciler";
        h.Run("crm.get_customer", """{"customer_id":"C000556"}""", BehaviorHarness.Json("""{"note":"customer account updated after payment review"}""", 1));

        var call = h.Call("http.post", Post("the customer account was updated after review"));

        Assert.Equal(GuardVerdict.Allow, call.Verdict);
        Assert.Contains("behavior.taint.weak", call.RuleIds);
    }

    [Fact]
    public void Taint_ResultOfANonSensitiveToolWithoutFindings_IsNotASource()
    {
        var h = BehaviorHarness.Create();
        h.Persona = "reconciler";
        h.Run("ledger.get_entry", """{"entry_id":"E-1"}""", BehaviorHarness.Ok("counterparty account NL-ACC-99812377", 1));

        Assert.Equal(GuardVerdict.Allow, h.Call("http.post", Post("acct NL-ACC-99812377")).Verdict);
    }

    [Fact]
    public void Taint_ResultWithDlpFindings_IsASourceAndTheFindingSpanIsRemembered()
    {
        var h = BehaviorHarness.Create(resultChecks: [new FindingCheck("AKIAIOSFODNN7EXAMPLE")]);
        h.Persona = "reconciler";
        h.Run("ledger.get_entry", """{"entry_id":"E-1"}""", BehaviorHarness.Ok("deploy key AKIAIOSFODNN7EXAMPLE rotated", 1));

        var call = h.Call("http.post", Post("key=akiaiosfodnn7example"));

        Assert.Equal(GuardVerdict.Deny, call.Verdict);
        Assert.Contains("behavior.taint", call.RuleIds);
    }

    [Fact]
    public void Taint_NonEgressTool_IsNotChecked()
    {
        var h = WithCustomerRead();

        Assert.DoesNotContain("behavior.taint", h.Call("ledger.query", """{"account":"NL-ACC-99812377"}""").RuleIds);
    }

    [Fact]
    public void Taint_DestinationThePersonaConstrains_IsNotData_ButTheBodyIs()
    {
        const string Internal = """{"customer_id":"C000557","name":"Ops Desk","email":"desk.ops@contoso.example","account":"ACC-77120045"}""";
        var h = BehaviorHarness.Create();
        h.Persona = "reconciler";
        h.Run("crm.get_customer", """{"customer_id":"C000557"}""", BehaviorHarness.Ok(Internal, 1));

        var toOnly = h.Call("email.send", """{"to":"desk.ops@contoso.example","subject":"status","body":"done"}""");
        var inBody = h.Call("email.send", """{"to":"desk.ops@contoso.example","subject":"status","body":"account ACC-77120045"}""");

        Assert.Equal(GuardVerdict.Allow, toOnly.Verdict);
        Assert.Contains("behavior.taint", inBody.RuleIds);
    }

    [Fact]
    public void Taint_WithheldResult_IsNotASource()
    {
        var h = BehaviorHarness.Create();
        h.Persona = "reconciler";
        var (_, result) = h.Run("crm.search_customers", """{"query":"segment:private"}""", BehaviorHarness.Ok(Customer, 500));
        Assert.Equal(GuardVerdict.Deny, result!.Verdict);

        Assert.DoesNotContain("behavior.taint", h.Call("http.post", Post("acct NL-ACC-99812377")).RuleIds);
    }

    [Fact]
    public void Taint_AfterTheTaintMemory_IsForgotten()
    {
        var h = WithCustomerRead(new BehaviorOptions { TaintMemory = TimeSpan.FromHours(1) });
        h.Clock.Advance(TimeSpan.FromHours(2));

        Assert.DoesNotContain("behavior.taint", h.Call("http.post", Post("acct NL-ACC-99812377")).RuleIds);
    }

    [Fact]
    public void Taint_FingerprintsAreBounded_OldestEvictedFirst()
    {
        var options = new BehaviorOptions { MaxTaintFingerprints = 64 };
        var h = WithCustomerRead(options);
        for (var i = 0; i < 40; i++)
        {
            h.Run("crm.get_customer", $$"""{"customer_id":"C{{(i * 7919) + 100000:D6}}"}""", BehaviorHarness.Ok($$"""{"account":"ACC-{{i:D8}}","phone":"06-{{i:D8}}"}""", 1));
        }

        var state = h.Snapshot();
        Assert.InRange(state.Taint.Count, 1, options.MaxTaintFingerprints);
        Assert.DoesNotContain("behavior.taint", h.Call("http.post", Post("acct NL-ACC-99812377")).RuleIds);
        Assert.Contains("behavior.taint", h.Call("http.post", Post("ACC-00000039")).RuleIds);
    }

    /// <summary>A DLP result stage stand-in: reports one literal as a finding at its offset.</summary>
    private sealed class FindingCheck(string literal) : IResultCheck
    {
        public string Name => "finding";

        public int Order => GuardCheckOrder.ResultDlp;

        public ValueTask InspectAsync(GuardContext context, CancellationToken cancellationToken)
        {
            var text = context.Result?.GetContentText() ?? string.Empty;
            var at = text.IndexOf(literal, StringComparison.Ordinal);
            if (at >= 0)
            {
                context.AddFinding(new GuardFinding("aws_access_key_id", "secret", "$", at, literal.Length, "redact"));
                context.ReplaceResult(ToolResult.FromText(text.Replace(literal, "[REDACTED:aws_access_key_id]", StringComparison.Ordinal)));
            }

            return default;
        }
    }
}
