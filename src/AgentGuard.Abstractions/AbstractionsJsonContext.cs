using System.Text.Json.Serialization;

namespace AgentGuard;

[JsonSerializable(typeof(string))]
internal sealed partial class AbstractionsJsonContext : JsonSerializerContext;
