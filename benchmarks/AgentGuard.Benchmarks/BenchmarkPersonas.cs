namespace AgentGuard.Benchmarks;

internal static class BenchmarkPersonas
{
    public const string SupportId = "support-triage";

    public static Persona Support { get; } = new()
    {
        Id = SupportId,
        Description = "Triage support tickets and look customers up.",
        Owner = "support-platform@contoso.example",
        Maturity = Maturity.Principal,
        Tools =
        [
            new ToolGrant { Name = "crm.get_customer", Args = new Dictionary<string, ArgumentConstraint> { ["customer_id"] = new() { Pattern = "^C[0-9]{6}$" } } },
            new ToolGrant
            {
                Name = "crm.search_customers",
                Args = new Dictionary<string, ArgumentConstraint>
                {
                    ["query"] = new() { MaxLength = 64, DenyWildcards = true },
                    ["limit"] = new() { Max = 50 },
                },

                // Far above what a run can use, so every call takes a permit and none is refused.
                Rate = new RateLimit { PerMinute = 1_000_000_000 },
            },
            new ToolGrant { Name = "tickets.*" },
        ],
    };
}
