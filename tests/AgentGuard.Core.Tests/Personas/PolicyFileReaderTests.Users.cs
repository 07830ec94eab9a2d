namespace AgentGuard.Tests.Personas;

public sealed partial class PolicyFileReaderTests
{
    private const string UsersFile = "policy/users.yaml";

    private static (IReadOnlyList<UserEntitlement> Users, PolicySourceMap Map, List<PolicyError> Errors) ReadUsers(string text)
    {
        var errors = new List<PolicyError>();
        var (users, map) = PolicyFileReader.ReadUsers(UsersFile, text, errors);
        return (users, map, errors);
    }

    [Fact]
    public void ReadUsers_FormatsExample_ReadsFlowStyleEntries()
    {
        var (users, map, errors) = ReadUsers(PolicyTestFiles.FixtureText("users.yaml"));

        Assert.Empty(errors);
        var alice = Assert.Single(users);
        Assert.Equal("alice", alice.UserId);
        Assert.Equal(["crm.*", "email.send"], alice.Tools);
        Assert.Equal(["tickets.read"], alice.Capabilities);
        Assert.Equal((2, 3), map.Locate("users.alice"));
        Assert.Equal((2, 20), map.Locate("users.alice.tools[0]"));
        Assert.Equal((2, 29), map.Locate("users.alice.tools[1]"));
        Assert.Equal((2, 59), map.Locate("users.alice.capabilities[0]"));
    }

    [Fact]
    public void ReadUsers_EmptyMappingAndEmptyEntries_AreValid()
    {
        var (none, _, noneErrors) = ReadUsers("users: {}\n");
        var (users, _, errors) = ReadUsers("users:\n  bob: {}\n  carol:\n    tools: []\n");

        Assert.Empty(noneErrors);
        Assert.Empty(none);
        Assert.Empty(errors);
        Assert.Equal(["bob", "carol"], users.Select(u => u.UserId));
        Assert.All(users, u => Assert.Empty(u.Tools));
    }

    [Theory]
    [InlineData("users:\n  alice: { tools: [a], roles: [admin] }\n", "users.alice.roles", 2, "unknown field 'roles' in a user entry")]
    [InlineData("users:\n  alice: [crm.*]\n", "users.alice", 2, "must be a mapping of fields, not a list")]
    [InlineData("users:\n  alice:\n", "users.alice", 2, "(write {} for a user who may use nothing)")]
    [InlineData("users:\n  alice: { tools: crm.* }\n", "users.alice.tools", 2, "(write [crm.*])")]
    [InlineData("users:\n", "users", 1, "(write users: {} if nobody may use anything)")]
    [InlineData("users: [alice]\n", "users", 1, "must be a mapping, not a list")]
    [InlineData("people:\n  alice: {}\n", "people", 1, "unknown field 'people'")]
    public void ReadUsers_StructuralError_IsLocated(string text, string field, int line, string message)
    {
        var (users, _, errors) = ReadUsers(text);

        Assert.Empty(users);
        var error = Assert.Single(errors, e => e.Field == field);
        Assert.Equal((UsersFile, line), (error.File, error.Line));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadUsers_NoUsersField_IsAnError()
    {
        var (_, _, errors) = ReadUsers("{}\n");

        Assert.Equal("users", Assert.Single(errors).Field);
    }

    [Fact]
    public void ReadUsers_UserListedTwice_IsRefusedNotMerged()
    {
        var (users, _, errors) = ReadUsers("users:\n  alice: { tools: [crm.get] }\n  alice: { tools: [\"*\"] }\n");

        Assert.Empty(users);
        var error = Assert.Single(errors);
        Assert.Equal(("users.alice", 3), (error.Field, error.Line));
    }

    [Fact]
    public void ReadUsers_BadEntry_LeavesThatUserOutButKeepsTheOthers()
    {
        var (users, _, errors) = ReadUsers("users:\n  alice: { tools: [a] }\n  bob: { tools: [b], groups: [x] }\n");

        Assert.Equal("alice", Assert.Single(users).UserId);
        Assert.Equal("users.bob.groups", Assert.Single(errors).Field);
    }
}
