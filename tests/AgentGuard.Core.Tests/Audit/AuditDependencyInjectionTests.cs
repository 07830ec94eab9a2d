using AgentGuard.Testing;
using Microsoft.Extensions.DependencyInjection;
using static AgentGuard.Core.Tests.Audit.AuditTestData;

namespace AgentGuard.Core.Tests.Audit;

public sealed class AuditDependencyInjectionTests
{
    [Fact]
    public void AddAgentGuard_WithoutAuditVerbs_NoAuditListener()
    {
        var services = new ServiceCollection();
        services.AddAgentGuard().UsePolicy(TestGuard.Policy());
        using var provider = services.BuildServiceProvider();
        Assert.Empty(provider.GetServices<IDecisionListener>());
        Assert.DoesNotContain(provider.GetServices<IGuardCheck>(), static c => c is AuditFailClosedCheck);
    }

    [Fact]
    public async Task AddFileAudit_EveryDecisionRecordedAndSealedOnDispose()
    {
        var dir = TempDirectory();
        var services = new ServiceCollection();
        services.AddAgentGuard().UsePolicy(TestGuard.Policy()).AddFileAudit(dir).AddAudit(o => o.OverflowMode = AuditOverflowMode.Wait);
        await using (var provider = services.BuildServiceProvider())
        {
            Assert.Single(provider.GetServices<IDecisionListener>());
            Assert.Single(provider.GetServices<IGuardCheck>(), static c => c is AuditFailClosedCheck);
            var guard = provider.GetRequiredService<IAgentGuard>();
            for (var i = 0; i < 25; i++)
            {
                // One session per call: five refused attempts in one session would (rightly) halt it by behavior scoring.
                await guard.AuthorizeAsync(TestGuard.Call(i % 5 == 0 ? "crm.delete_customer" : "tickets.get", user: "bob", session: $"s{i}"), TestContext.Current.CancellationToken);
            }
        }

        var result = AuditChainVerifier.Verify([dir], requireSeal: true);
        Assert.True(result.IsValid, result.Error?.ToString());
        var decisions = Files(dir).SelectMany(Lines).Where(static l => l.Contains("\"kind\":\"decision\"", StringComparison.Ordinal)).ToArray();
        Assert.Equal(25, decisions.Length);
        // Five off-persona attempts are refused; behavior scoring (a default stage) may go on to halt the session, so
        // later calls are refused too — every refusal must be on the record either way.
        var refused = decisions.Count(static l => l.Contains("\"verdict\":\"deny\"", StringComparison.Ordinal) || l.Contains("\"verdict\":\"halt\"", StringComparison.Ordinal));
        Assert.InRange(refused, 5, 25);
    }

    [Fact]
    public async Task AddAuditSink_CustomSinksReceiveRecords_FailClosedCheckRegisteredOnce()
    {
        var sink = new GatedSink();
        var services = new ServiceCollection();
        services.AddAgentGuard().UsePolicy(TestGuard.Policy())
            .AddAuditSink(sink)
            .AddAuditSink<GatedSinkFromContainer>()
            .AddAudit(o => o.OverflowMode = AuditOverflowMode.FailClosed)
            .AddAudit();
        GatedSinkFromContainer.Instance = new GatedSink();
        await using (var provider = services.BuildServiceProvider())
        {
            Assert.Single(provider.GetServices<IGuardCheck>(), static c => c is AuditFailClosedCheck);
            await provider.GetRequiredService<IAgentGuard>().AuthorizeAsync(TestGuard.Call("tickets.get", user: "bob"), TestContext.Current.CancellationToken);
        }

        Assert.Single(sink.Decisions);
        Assert.Single(GatedSinkFromContainer.Instance.Decisions);
        Assert.True(sink.Disposals >= 1);
    }

    private sealed class GatedSinkFromContainer : IAuditSink
    {
        public static GatedSink Instance { get; set; } = new();

        public string Name => "container";

        public ValueTask WriteAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken) => Instance.WriteAsync(records, cancellationToken);

        public ValueTask DisposeAsync() => default;
    }
}
