using Microsoft.Extensions.Options;

namespace AgentGuard;

[OptionsValidator]
internal sealed partial class RedisStateOptionsValidator : IValidateOptions<RedisStateOptions>;
