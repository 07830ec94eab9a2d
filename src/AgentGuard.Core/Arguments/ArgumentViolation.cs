namespace AgentGuard;

/// <summary>One argument that broke a persona's constraints.</summary>
/// <param name="RuleId">The stable rule id, for example <c>args.pattern</c>.</param>
/// <param name="Argument">The argument's name (empty when the arguments as a whole are wrong).</param>
/// <param name="Message">What is wrong, for people and the model; never contains a matched secret.</param>
public readonly record struct ArgumentViolation(string RuleId, string Argument, string Message);
