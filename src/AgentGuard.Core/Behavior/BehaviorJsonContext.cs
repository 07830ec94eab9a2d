using System.Text.Json.Serialization;

namespace AgentGuard;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BehaviorState))]
internal sealed partial class BehaviorJsonContext : JsonSerializerContext;
