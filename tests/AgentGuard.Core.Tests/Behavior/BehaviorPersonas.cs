namespace AgentGuard.Core.Tests.Behavior;

/// <summary>Personas, catalog and users for the behavior unit tests, built in code.</summary>
internal static class BehaviorPersonas
{
    public static Persona RepoAnalyst { get; } = new()
    {
        Id = "repo-analyst",
        Description = "Reads a repository and summarises it.",
        Owner = "dev-platform@contoso.example",
        Maturity = Maturity.Principal,
        Tools =
        [
            new ToolGrant { Name = "repo.read_file" },
            new ToolGrant { Name = "repo.list_files" },
            new ToolGrant { Name = "repo.get_commit" },
            new ToolGrant { Name = "repo.search_code" },
            new ToolGrant { Name = "report.write" },
        ],
    };

    public static Persona Reconciler { get; } = new()
    {
        Id = "reconciler",
        Description = "Reconciles ledger entries with customer accounts; mails the partner bank about mismatches.",
        Owner = "finance-ops@contoso.example",
        Maturity = Maturity.Principal,
        Capabilities = ["crm.read", "ledger.read"],
        Tools =
        [
            new ToolGrant
            {
                Name = "email.send",
                Egress = true,
                Args = new Dictionary<string, ArgumentConstraint>
                {
                    ["to"] = new() { AllowedDomains = ["contoso.example", "partner-bank.example"] },
                    ["subject"] = new() { MaxLength = 200 },
                    ["body"] = new(),
                },
            },
            new ToolGrant { Name = "http.post", Egress = true },
        ],
        Data = new DataEnvelope
        {
            MaxRecordsPerCall = 50,
            MaxRecordsPerHour = 500,
            MaxDistinctResourcesPerHour = 200,
            MaxResultBytesPerCall = 65_536,
        },
    };

    public static Persona Support { get; } = new()
    {
        Id = "support-triage",
        Description = "Triage support tickets.",
        Owner = "support@contoso.example",
        Maturity = Maturity.Principal,
        Tools =
        [
            new ToolGrant { Name = "tickets.get" },
            new ToolGrant { Name = "crm.get_customer" },
            new ToolGrant { Name = "crm.search_customers" },
            new ToolGrant { Name = "email.send", Egress = true },
        ],
        Workflows = [["tickets.get", "crm.get_customer", "email.send"]],
    };

    public static IReadOnlyList<CatalogTool> Catalog { get; } =
    [
        new CatalogTool { Name = "crm.search_customers", Capabilities = ["crm.read"], Sensitive = true },
        new CatalogTool { Name = "crm.get_customer", Capabilities = ["crm.read"], Sensitive = true },
        new CatalogTool { Name = "crm.export_all", Capabilities = ["crm.export"], Sensitive = true },
        new CatalogTool { Name = "ledger.query", Capabilities = ["ledger.read"] },
        new CatalogTool { Name = "ledger.get_entry", Capabilities = ["ledger.read"] },
        new CatalogTool { Name = "email.send", Capabilities = ["mail.send"], Egress = true },
        new CatalogTool { Name = "http.post", Capabilities = ["web.post"], Egress = true },
        new CatalogTool { Name = "tickets.get", Capabilities = ["tickets.read"] },
        new CatalogTool { Name = "repo.read_file", Capabilities = ["repo.read"] },
        new CatalogTool { Name = "repo.list_files", Capabilities = ["repo.read"] },
        new CatalogTool { Name = "repo.get_commit", Capabilities = ["repo.read"] },
        new CatalogTool { Name = "repo.search_code", Capabilities = ["repo.read"] },
        new CatalogTool { Name = "repo.write_file", Capabilities = ["repo.write"] },
        new CatalogTool { Name = "report.write", Capabilities = ["report.write"] },
    ];
}
