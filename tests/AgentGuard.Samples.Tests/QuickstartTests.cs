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

        // Incident 1: after the backend's first refusal, variations on the same file are halted within five attempts,
        // and the session stays halted (the model's last, innocent read is refused too).
        var incident1 = Scene(lines, "8. Incident: barrier retries");
        var firstRefusal = incident1.FindIndex(static l => l.Contains("the backend refused 'repo.read_file'", StringComparison.Ordinal));
        var halt = incident1.FindIndex(static l => l.Contains("guard call   HALT     repo.read_file", StringComparison.Ordinal));
        Assert.True(firstRefusal >= 0 && halt > firstRefusal, string.Join('\n', incident1));
        Assert.InRange(incident1.Skip(firstRefusal).Take(halt - firstRefusal + 1).Count(static l => l.Contains("guard call", StringComparison.Ordinal)), 1, 5);
        Assert.Equal(4, incident1.Count(static l => l.Contains("guard call   HALT", StringComparison.Ordinal)));
        Assert.EndsWith("session is halted (behavior outside the persona's envelope); a human must resume it", incident1.Last(static l => l.Contains("model sees:", StringComparison.Ordinal)).TrimEnd(), StringComparison.Ordinal);

        // Incident 2: the match-all export is withheld from the model; the follow-up send to an outside address is denied.
        var incident2 = Scene(lines, "9. Incident: semantically authorized export");
        Assert.Contains(incident2, static l => l.Contains("guard result DENY     crm.export_customers", StringComparison.Ordinal)
            && l.Contains("returned 2400 records; persona 'reconciliation' allows 100 per call", StringComparison.Ordinal));
        Assert.Contains(incident2, static l => l.Contains("model sees: withheld by AgentGuard:", StringComparison.Ordinal));
        Assert.DoesNotContain(incident2, static l => l.Contains("C100100", StringComparison.Ordinal));
        Assert.Contains(incident2, static l => l.Contains("guard call   DENY     email.send", StringComparison.Ordinal)
            && l.Contains("domain 'outside-audit.example' is not allowed", StringComparison.Ordinal));
    }

    private static List<string> Scene(string[] lines, string title)
    {
        var start = Array.FindIndex(lines, l => l.StartsWith(title, StringComparison.Ordinal));
        Assert.True(start >= 0, $"scene '{title}' is missing");
        return [.. lines.Skip(start + 1).TakeWhile(static l => l.StartsWith("    ", StringComparison.Ordinal))];
    }
}
