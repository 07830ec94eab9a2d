using System.Globalization;
using StackExchange.Redis;

namespace AgentGuard;

/// <summary>The key layout under the configured prefix (one key per session, partition, halt or handle).</summary>
internal sealed class RedisKeys(string prefix)
{
    public RedisChannel HaltChannel { get; } = RedisChannel.Literal(prefix + "halts");

    public RedisKey Halt(HaltTarget target, string id) => prefix + (target == HaltTarget.Agent ? "halt:a:" : "halt:s:") + id;

    public RedisKey Behavior(string sessionId) => prefix + "behavior:" + sessionId;

    // Persona ids cannot hold ':'; the user is length-prefixed and the tool comes last, so no two partitions share a key.
    public RedisKey Rate(in RateKey key) =>
        string.Concat(prefix, "rate:", key.Persona, ":", key.User.Length.ToString(CultureInfo.InvariantCulture), ":", key.User, ":", key.Tool);

    public RedisKey Handle(string digest) => prefix + "handle:" + digest;

    public RedisKey SessionHandles(string sessionId) => prefix + "handles:" + sessionId;

    public static string HaltMessage(HaltTarget target, string id) => (target == HaltTarget.Agent ? "a:" : "s:") + id;
}
