using System.Text.Json.Nodes;

namespace AgentGuard.Server.Tests;

/// <summary>Inside keys are stored hashed and rotate by configuration, without a restart.</summary>
public sealed class InsideKeyRotationTests
{
    private static ToolCall Call() => new() { ToolName = "tickets.get", SessionId = "rot-" + Guid.NewGuid().ToString("N"), UserId = "alice" };

    [Fact]
    public async Task Rotate_NewKeyAddedOldRemoved_OldStopsWorkingNewWorks()
    {
        await using var server = await InProcessServer.StartAsync();
        var address = server.Addresses[0];
        var (newKey, newStored) = InsideKeys.Create();
        using var oldClient = server.Client(address);
        using var newClient = server.Client(address, newKey);
        Assert.True((await oldClient.AuthorizeAsync(Call(), TestContext.Current.CancellationToken)).IsAllowed);
        Assert.False((await newClient.AuthorizeAsync(Call(), TestContext.Current.CancellationToken)).IsAllowed);

        // Overlap: both keys listed, both work.
        await RewriteKeysAsync(server, server.AgentStored, newStored);
        await WaitUntilAsync(async () => (await newClient.AuthorizeAsync(Call(), TestContext.Current.CancellationToken)).IsAllowed);
        Assert.True((await oldClient.AuthorizeAsync(Call(), TestContext.Current.CancellationToken)).IsAllowed);

        // The old entry removed: the old key is refused.
        await RewriteKeysAsync(server, newStored);
        await WaitUntilAsync(async () => !(await oldClient.AuthorizeAsync(Call(), TestContext.Current.CancellationToken)).IsAllowed);
        Assert.True((await newClient.AuthorizeAsync(Call(), TestContext.Current.CancellationToken)).IsAllowed);
        var refused = await oldClient.AuthorizeAsync(Call(), TestContext.Current.CancellationToken);
        Assert.Contains("Unauthenticated", refused.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public void StoredForm_HoldsNoKeyMaterial()
    {
        var (key, stored) = InsideKeys.Create();
        Assert.True(InsideKeys.TryParse(key, out var id, out var secret));
        Assert.StartsWith(id + ":", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        var store = new InsideKeyStore(new EnforcementServerOptions { Agents = { new AgentKeyOptions { Id = "a", Persona = "p", Keys = { stored } } } });
        Assert.Equal(new CallerIdentity("a", CallerRole.Agent, "p"), store.Authenticate(key));
        Assert.Null(store.Authenticate(key.ToUpperInvariant()));
        Assert.Null(store.Authenticate(stored));
        Assert.Null(store.Authenticate(null));
    }

    private static async Task RewriteKeysAsync(InProcessServer server, params string[] stored)
    {
        var config = JsonNode.Parse(await File.ReadAllTextAsync(server.ConfigFile, TestContext.Current.CancellationToken))!;
        var keys = new JsonArray();
        foreach (var entry in stored)
        {
            keys.Add(entry);
        }

        config["AgentGuard"]!["Server"]!["Agents"]![0]!["Keys"] = keys;
        await File.WriteAllTextAsync(server.ConfigFile, config.ToJsonString(), TestContext.Current.CancellationToken);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        // Configuration reload follows a file-system notification: bounded wait, not a timing assertion.
        for (var i = 0; i < 300; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail("the configuration change was not picked up within 30 s");
    }
}
