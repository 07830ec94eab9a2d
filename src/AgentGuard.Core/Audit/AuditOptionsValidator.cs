using Microsoft.Extensions.Options;

namespace AgentGuard;

[OptionsValidator]
internal sealed partial class AuditOptionsValidator : IValidateOptions<AuditOptions>;
