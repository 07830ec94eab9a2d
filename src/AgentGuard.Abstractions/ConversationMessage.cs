namespace AgentGuard;

/// <summary>One message of a session's conversation.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Role">Who said it: <c>user</c> (the delegating human: trusted intent) or <c>system</c>.</param>
/// <param name="Content">The text.</param>
/// <param name="Timestamp">When.</param>
public sealed record ConversationMessage(string SessionId, string Role, string Content, DateTimeOffset Timestamp);
