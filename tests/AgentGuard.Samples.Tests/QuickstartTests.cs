namespace AgentGuard.Samples.Tests;

public sealed class QuickstartTests
{
    [Fact]
    public async Task Quickstart_RunsOffline_AndShowsEachDecision()
    {
        var (exit, output) = await SampleRunner.RunAsync("AgentGuard.Quickstart", TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, output);
        Assert.Contains("APPROVAL email.send (enforced: Allow)", output, StringComparison.Ordinal);
        // Refusals carry a behavior score ("[score 20]") now that behavior scoring is on by default.
        Assert.Matches(@"DENY +crm\.delete_customer( \[score [0-9.]+\])? — tool 'crm\.delete_customer' is not part of persona 'support-triage'", output);
        Assert.Matches(@"DENY +crm\.get_customer( \[score [0-9.]+\])? — user 'bob' is not entitled to 'crm\.get_customer'", output);
        Assert.Contains("argument 'query' contains a wildcard", output, StringComparison.Ordinal);
        Assert.Contains("model sees: denied by AgentGuard:", output, StringComparison.Ordinal);
        Assert.Equal(2, output.Split("rate limit exceeded: at most 5 calls per minute to 'email.send'").Length - 1 - CountModelEchoes(output));
    }

    // The guard line and the model's view both quote the rate-limit reason; count only the guard's lines.
    private static int CountModelEchoes(string output) =>
        output.Split('\n').Count(static l => l.Contains("model sees:", StringComparison.Ordinal) && l.Contains("rate limit exceeded", StringComparison.Ordinal));
}
