using Microsoft.Extensions.Options;

namespace AgentGuard;

[OptionsValidator]
internal sealed partial class AgentGuardOptionsValidator : IValidateOptions<AgentGuardOptions>;
