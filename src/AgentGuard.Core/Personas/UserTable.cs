using System.Collections.Frozen;

namespace AgentGuard;

/// <summary>The user entitlements from a users file or code: per user, tool names/globs and capabilities.</summary>
internal sealed class UserTable : IUserEntitlements
{
    private readonly FrozenDictionary<string, Entry> _users;

    public UserTable(IEnumerable<UserEntitlement> users)
    {
        var map = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var user in users)
        {
            map[user.UserId] = new Entry(
                user.Tools.Where(static t => !Glob.IsPattern(t)).ToFrozenSet(StringComparer.Ordinal),
                [.. user.Tools.Where(Glob.IsPattern)],
                user.Capabilities.ToFrozenSet(StringComparer.Ordinal));
        }

        _users = map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public bool IsEntitled(string userId, string toolName, CatalogTool? catalogTool)
    {
        if (!_users.TryGetValue(userId, out var entry))
        {
            return false;
        }

        if (entry.Tools.Contains(toolName))
        {
            return true;
        }

        foreach (var glob in entry.Globs)
        {
            if (Glob.IsMatch(glob, toolName))
            {
                return true;
            }
        }

        if (catalogTool is not null && entry.Capabilities.Count > 0)
        {
            foreach (var capability in catalogTool.Capabilities)
            {
                if (entry.Capabilities.Contains(capability))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private sealed record Entry(FrozenSet<string> Tools, string[] Globs, FrozenSet<string> Capabilities);
}
