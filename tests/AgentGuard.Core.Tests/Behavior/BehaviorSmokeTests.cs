namespace AgentGuard.Core.Tests.Behavior;

public sealed class BehaviorSmokeTests
{
    [Fact]
    public void Barrier_DenialThenVariations_Halts()
    {
        var h = BehaviorHarness.Create();
        var first = h.Run("repo.read_file", """{"repo":"contoso/app","path":"secrets/prod.env"}""", BehaviorHarness.Denied("contoso/app/secrets/prod.env"));
        Assert.Equal(GuardVerdict.Allow, first.Call.Verdict);
        TestContext.Current.TestOutputHelper!.WriteLine(first.Result?.ToString() ?? "-");
        string[] attempts =
        [
            """{"repo":"contoso/app","path":"secrets/prod.env","ref":"3f1c2a9d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2"}""",
            """{"repo":"contoso/app","path":"secrets/../secrets/prod.env"}""",
            """{"repo":"contoso/app","path":"secrets/prod.env.bak"}""",
            """{"repo":"contoso/app","path":"secret/prod.env"}""",
            """{"repo":"contoso/app","path":"secrets/prod.env~"}""",
        ];
        foreach (var args in attempts)
        {
            h.Clock.Advance(TimeSpan.FromHours(3));
            var r = h.Run("repo.read_file", args, BehaviorHarness.Denied());
            TestContext.Current.TestOutputHelper!.WriteLine(r.Call?.ToString() ?? "-");
            TestContext.Current.TestOutputHelper!.WriteLine(r.Result?.ToString() ?? "-");
        }
    }
}
