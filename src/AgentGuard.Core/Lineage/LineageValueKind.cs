namespace AgentGuard;

/// <summary>What kind of value an argument holds, as lineage names it in decisions.</summary>
internal enum LineageValueKind
{
    Value = 0,
    Recipient = 1,
    Url = 2,
    Destination = 3,
    Account = 4,
    Iban = 6,
    Amount = 5,
}
