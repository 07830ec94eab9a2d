using Microsoft.Extensions.Options;

namespace AgentGuard;

[OptionsValidator]
internal sealed partial class BehaviorOptionsValidator : IValidateOptions<BehaviorOptions>;
