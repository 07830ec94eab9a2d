using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentGuard.Core.Tests.Dlp;

/// <summary>DLP through <c>AddAgentGuard</c> and its builder verbs.</summary>
public sealed class DlpServiceCollectionTests
{
    private static Persona Persona() => new()
    {
        Id = "ops",
        Description = "Posts status updates.",
        Owner = "ops",
        Maturity = Maturity.Principal,
        Tools = [new ToolGrant { Name = "status.post", Egress = true }],
    };

    [Fact]
    public async Task AddAgentGuard_RegistersDlpStagesWithCodeAndConfiguredDetectors()
    {
        var services = new ServiceCollection();
        services.AddAgentGuard()
            .AddPersona(Persona())
            .AddCustomDetector("employee_id", "EMP-[0-9]{6}", DlpKind.Pii)
            .AddDetector(new CodenameDetector())
            .ConfigureDlp(o => o.Redaction = DlpRedactionStyle.Mask);
        await using var provider = services.BuildServiceProvider();

        Assert.Contains(provider.GetServices<IGuardCheck>(), c => c is DlpArgumentsCheck);
        Assert.Contains(provider.GetServices<IResultCheck>(), c => c is DlpResultCheck);
        var scanner = provider.GetRequiredService<DlpScanner>();
        Assert.Equal(DlpRedactionStyle.Mask, scanner.Options.Redaction);

        var guard = provider.GetRequiredService<IAgentGuard>();
        foreach (var text in new[] { "hired EMP-123456", "project BLUEBIRD ships" })
        {
            var call = new ToolCall { ToolName = "status.post", SessionId = "s", Persona = "ops", Arguments = JsonSerializer.SerializeToElement(new { text }) };
            var decision = await guard.AuthorizeAsync(call, TestContext.Current.CancellationToken);
            Assert.Equal(GuardVerdict.Deny, decision.EnforcedAction);
        }
    }

    [Fact]
    public async Task AddAgentGuard_InvalidDlpOptions_FailValidation()
    {
        var services = new ServiceCollection();
        services.AddAgentGuard().AddPersona(Persona()).AddCustomDetector("broken", "(unclosed");
        await using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DlpOptions>>().Value);
        Assert.Contains("broken", ex.Message, StringComparison.Ordinal);
    }

    private sealed class CodenameDetector : IDlpDetector
    {
        public string Name => "codename";

        public DlpKind Kind => DlpKind.Secret;

        public void Scan(ReadOnlySpan<char> text, ICollection<DlpMatch> matches)
        {
            var i = text.IndexOf("BLUEBIRD", StringComparison.Ordinal);
            if (i >= 0)
            {
                matches.Add(new DlpMatch(i, 8));
            }
        }
    }
}
