namespace AgentGuard.Server.Tests;

/// <summary>The policy files the service loads in the tests: two personas, a catalog and the users.</summary>
internal static class TestPolicy
{
    public static void Write(string directory)
    {
        var personas = Directory.CreateDirectory(Path.Combine(directory, "personas")).FullName;
        File.WriteAllText(Path.Combine(personas, "support-triage.yaml"), """
            persona: support-triage
            description: Triage support tickets and look up the customer.
            owner: support@contoso.example
            maturity: senior
            tools:
              - name: crm.get_customer
                args:
                  customer_id: { pattern: "^C[0-9]{6}$" }
              - name: tickets.get
              - name: email.send
                risk: high
                egress: true
                args:
                  to: { allowed_domains: [contoso.example] }
            """);
        File.WriteAllText(Path.Combine(personas, "reconciler.yaml"), """
            persona: reconciler
            description: Reconcile the ledger.
            owner: finance@contoso.example
            maturity: principal
            tools:
              - name: ledger.read
              - name: crm.get_customer
            """);
        File.WriteAllText(Path.Combine(directory, "catalog.yaml"), """
            tools:
              - name: crm.get_customer
                capability: crm.read
                sensitive: true
              - name: tickets.get
                capability: tickets.read
              - name: email.send
                capability: email.send
                risk: high
                egress: true
              - name: ledger.read
                capability: ledger.read
            """);
        File.WriteAllText(Path.Combine(directory, "users.yaml"), """
            users:
              alice: { tools: ["crm.*", "tickets.*", "email.send", "ledger.*"] }
              bob: { tools: ["tickets.*"] }
            """);
    }
}
