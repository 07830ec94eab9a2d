using YamlDotNet.RepresentationModel;

namespace AgentGuard;

internal static partial class PolicyFileReader
{
    private static (IReadOnlyList<UserEntitlement>, PolicySourceMap) ReadUsersDocument(
        string path, LoadedDocument document, IReadOnlySet<long> placeholders, List<PolicyError> errors)
    {
        var r = new PolicyNodeReader(path, errors, placeholders);
        r.Record(string.Empty, document.Root);
        if (r.Fields(document.Root, string.Empty, "a users file", PolicyFields.UsersFile, " (write users: followed by one entry per user)") is not { } f)
        {
            return ([], r.Map);
        }

        if (!f.TryGet("users", out var node, out var p))
        {
            r.Error(f.Mapping, p, "required field 'users' is missing (write users: {} if nobody may use anything)");
            return ([], r.Map);
        }

        if (node is YamlScalarNode s && PolicyNodeReader.IsNull(s))
        {
            r.Error(node, p, "users has no value (write users: {} if nobody may use anything)");
            return ([], r.Map);
        }

        if (r.Entries(node, p, "users") is not { } entries)
        {
            return ([], r.Map);
        }

        var users = new List<UserEntitlement>(entries.Count);
        foreach (var (id, value, userPath) in entries)
        {
            var before = r.ErrorCount;
            if (ReadUser(r, id, value, userPath) is { } user && r.ErrorCount == before)
            {
                users.Add(user);
            }
        }

        // A user left out may use nothing, so dropping a malformed entry fails closed.
        return document.HasErrors ? ([], r.Map) : (users, r.Map);
    }

    private static UserEntitlement? ReadUser(PolicyNodeReader r, string id, YamlNode node, string path)
    {
        var hint = node is YamlScalarNode s && PolicyNodeReader.IsNull(s) ? " (write {} for a user who may use nothing)" : null;
        if (r.Fields(node, path, "a user entry", PolicyFields.User, hint) is not { } f)
        {
            return null;
        }

        List<string>? tools = f.TryGet("tools", out var value, out var p) ? r.StringList(value, p, "tools") : [];
        List<string>? capabilities = f.TryGet("capabilities", out value, out p) ? r.StringList(value, p, "capabilities") : [];
        return tools is null || capabilities is null ? null : new UserEntitlement { UserId = id, Tools = tools, Capabilities = capabilities };
    }
}
