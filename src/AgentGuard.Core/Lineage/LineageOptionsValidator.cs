using Microsoft.Extensions.Options;

namespace AgentGuard;

[OptionsValidator]
internal sealed partial class LineageOptionsValidator : IValidateOptions<LineageOptions>;
