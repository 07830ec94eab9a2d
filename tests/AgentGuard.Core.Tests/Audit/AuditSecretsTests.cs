using System.Text;
using AgentGuard.Core.Tests.Telemetry;
using AgentGuard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static AgentGuard.Core.Tests.Audit.AuditTestData;

namespace AgentGuard.Core.Tests.Audit;

/// <summary>Plants secret-looking values in arguments, results and resources, runs them through the whole engine with
/// every sink, sensitive-data capture on and logging at trace level, then scans every byte written for them.</summary>
public sealed class AuditSecretsTests
{
    private static readonly string[] s_secrets =
    [
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB",
        "4111111111111111",
        "hunter2-correct-horse",
        "BEGIN RSA PRIVATE KEY",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
    ];

    [Fact]
    public async Task Secrets_InArgumentsResultsAndResources_ReachNoSinkSpanOrLog()
    {
        var native = TempDirectory();
        var ocsf = TempDirectory();
        var persona = "secrets-" + Guid.NewGuid().ToString("N")[..10];
        var logs = new CapturingLoggerProvider();
        using var capture = new TelemetryCapture();
        var callIds = new List<string>();

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddAgentGuard(o => o.Telemetry.EnableSensitiveData = true)
            .UsePolicy(TestGuard.Policy(TestGuard.SupportTriage() with { Id = persona }))
            .AddResultCheck<LocatingDlpStandIn>()
            .AddFileAudit(native)
            .AddFileAudit(ocsf, o => o.Format = AuditFormat.Ocsf);
        await using (var provider = services.BuildServiceProvider())
        {
            var guard = provider.GetRequiredService<IAgentGuard>();
            foreach (var (tool, args) in new[]
            {
                ("crm.search_customers", $$"""{"query":"{{s_secrets[0]}}","limit":5}"""),
                ("crm.delete_customer", $$"""{"id":"{{s_secrets[1]}}","token":"{{s_secrets[6]}}"}"""),
                ("email.send", $$"""{"to":"ops@contoso.example","body":"key {{s_secrets[2]}} card {{s_secrets[3]}}"}"""),
                ("crm.get_customer", $$"""{"customer_id":"{{s_secrets[4]}}"}"""),
            })
            {
                var call = TestGuard.Call(tool, args, persona: persona) with { CallId = Guid.NewGuid().ToString("N") };
                callIds.Add(call.CallId!);
                await guard.AuthorizeAsync(call, TestContext.Current.CancellationToken);
                await guard.InspectResultAsync(
                    call,
                    ToolResult.FromText($"-----{s_secrets[5]}-----\nMIIEow {s_secrets[0]} {s_secrets[3]}") with { Resource = $"https://files.example/x?sig={s_secrets[2]}", RecordCount = 3 },
                    TestContext.Current.CancellationToken);
            }
        }

        var written = new StringBuilder();
        foreach (var dir in new[] { native, ocsf })
        {
            var result = AuditChainVerifier.Verify([dir], requireSeal: true);
            Assert.True(result.IsValid, result.Error?.ToString());
            Assert.Equal(2 + 8, result.RecordCount);
            foreach (var file in Directory.EnumerateFiles(dir))
            {
                written.Append(Encoding.UTF8.GetString(File.ReadAllBytes(file)));
            }
        }

        var text = written.ToString();
        Assert.Contains("\"detector\":\"stand_in_secret\"", text, StringComparison.Ordinal);
        Assert.Contains("\"location\":\"$\"", text, StringComparison.Ordinal);
        Assert.Contains("sha256:", text, StringComparison.Ordinal);

        var spans = callIds.SelectMany(capture.SpansFor).ToArray();
        Assert.Equal(8, spans.Length);
        Assert.Contains(spans, static s => s.GetTagItem("gen_ai.tool.call.arguments") is not null);
        Assert.Contains(spans, static s => s.GetTagItem("gen_ai.tool.call.result") is not null);
        var spanText = string.Join("\n", spans.SelectMany(static s => s.TagObjects.Select(static t => t.Key + "=" + t.Value)).Concat(spans.Select(static s => s.DisplayName + s.StatusDescription)));
        var logText = string.Join("\n", logs.Messages);
        Assert.NotEmpty(logs.Messages);

        foreach (var secret in s_secrets)
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, spanText, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, logText, StringComparison.Ordinal);
        }
    }

    /// <summary>Stands in for the DLP result check (not on main yet): records where it found something, never what.</summary>
    private sealed class LocatingDlpStandIn : IResultCheck
    {
        public string Name => "dlp-stand-in";

        public int Order => GuardCheckOrder.ResultDlp;

        public ValueTask InspectAsync(GuardContext context, CancellationToken cancellationToken)
        {
            var text = context.Result?.GetContentText() ?? string.Empty;
            var at = text.IndexOf("AKIA", StringComparison.Ordinal);
            if (at >= 0)
            {
                context.AddFinding(new GuardFinding("stand_in_secret", "secret", "$", at, 20, "redact"));
                context.ReplaceResult(ToolResult.FromText(text[..at] + "[REDACTED:stand_in_secret]" + text[(at + 20)..]));
            }

            return default;
        }
    }
}
