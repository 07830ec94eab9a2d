namespace AgentGuard.Samples.Tests;

public sealed class QuickstartTests
{
    [Fact]
    public async Task Quickstart_RunsOffline_AndShowsEachDecision()
    {
        var (exit, output) = await SampleRunner.RunAsync("AgentGuard.Quickstart", TimeSpan.FromMinutes(3));
        var lines = output.Split('\n');

        Assert.True(exit == 0, output);
        Assert.Contains("APPROVAL email.send (enforced: Allow)", output, StringComparison.Ordinal);
        Assert.Contains(lines, static l => l.Contains("DENY     crm.delete_customer", StringComparison.Ordinal)
            && l.Contains("tool 'crm.delete_customer' is not part of persona 'support-triage'", StringComparison.Ordinal));
        Assert.Contains(lines, static l => l.Contains("DENY     crm.get_customer", StringComparison.Ordinal)
            && l.Contains("user 'bob' is not entitled to 'crm.get_customer'", StringComparison.Ordinal));
        Assert.Contains("argument 'query' contains a wildcard", output, StringComparison.Ordinal);
        Assert.Contains("model sees: denied by AgentGuard:", output, StringComparison.Ordinal);
        Assert.Equal(2, lines.Count(static l => l.Contains("guard call   DENY     email.send", StringComparison.Ordinal)
            && l.Contains("rate limit exceeded: at most 5 calls per minute", StringComparison.Ordinal)));

        // 7. Indirect prompt injection: both planted recipients are refused, each with its lineage; the typed one is sent.
        Assert.Contains(lines, static l => l.Contains("DENY     email.send", StringComparison.Ordinal)
            && l.Contains("domain 'evil.test' is not allowed", StringComparison.Ordinal)
            && l.Contains("lineage: argument 'to' of 'email.send' (a recipient) is not in the user's messages; it came only from the result of email.read", StringComparison.Ordinal));
        Assert.Contains(lines, static l => l.Contains("DENY     email.send", StringComparison.Ordinal)
            && !l.Contains("is not allowed", StringComparison.Ordinal)
            && l.Contains("lineage: argument 'to' of 'email.send' (a recipient) is not in the user's messages; it came only from the result of email.read", StringComparison.Ordinal));
        Assert.Contains("model sees: \"sent to Alice.Smith@contoso.example\"", output, StringComparison.Ordinal);
    }
}
