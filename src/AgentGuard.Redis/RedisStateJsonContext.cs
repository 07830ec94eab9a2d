using System.Text.Json.Serialization;

namespace AgentGuard;

/// <summary>Source-generated JSON for the values the Redis stores keep: halt records and handle bindings.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(HaltRecord))]
[JsonSerializable(typeof(CredentialHandleBinding))]
internal sealed partial class RedisStateJsonContext : JsonSerializerContext;
