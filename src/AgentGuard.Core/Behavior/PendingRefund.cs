using System.Text.Json.Serialization;

namespace AgentGuard;

/// <summary>Barrier evidence added for a fuzzy match, kept until the call's result shows whether it was legitimate work.</summary>
internal sealed class PendingRefund
{
    [JsonInclude]
    public string Tool { get; set; } = string.Empty;

    [JsonInclude]
    public string? Primary { get; set; }

    [JsonInclude]
    public int BarrierId { get; set; }

    [JsonInclude]
    public double Weight { get; set; }
}
