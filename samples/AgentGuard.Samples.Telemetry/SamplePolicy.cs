namespace AgentGuard.Samples.Telemetry;

/// <summary>The support-triage persona of FORMATS.md (junior: e-mail needs a human), built in code.</summary>
internal static class SamplePolicy
{
    public static Persona SupportTriage { get; } = new()
    {
        Id = "support-triage",
        Description = "Triage inbound support tickets: read the ticket, look up the customer, draft a reply.",
        Owner = "support-platform@contoso.example",
        Maturity = Maturity.Junior,
        Capabilities = ["tickets.read", "crm.read"],
        Tools =
        [
            new ToolGrant { Name = "crm.get_customer", Args = new Dictionary<string, ArgumentConstraint> { ["customer_id"] = new() { Pattern = "^C[0-9]{6}$" } } },
            new ToolGrant
            {
                Name = "email.send",
                Risk = ToolRisk.High,
                Egress = true,
                Args = new Dictionary<string, ArgumentConstraint> { ["to"] = new() { AllowedDomains = ["contoso.example"] }, ["body"] = new() },
            },
        ],
    };

    public static IEnumerable<CatalogTool> Catalog { get; } =
    [
        new CatalogTool { Name = "tickets.get", Capabilities = ["tickets.read"] },
        new CatalogTool { Name = "crm.get_customer", Capabilities = ["crm.read"], Sensitive = true },
        new CatalogTool { Name = "crm.delete_customer", Capabilities = ["crm.write"], Risk = ToolRisk.High },
        new CatalogTool { Name = "email.send", Capabilities = ["email.send"], Risk = ToolRisk.High, Egress = true },
    ];

    public static UserEntitlement Alice { get; } = new() { UserId = "alice", Tools = ["crm.*", "email.send"], Capabilities = ["tickets.read"] };
}
