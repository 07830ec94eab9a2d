namespace AgentGuard.ModelContextProtocol.Tests;

public sealed class McpLockFileTests
{
    [Fact]
    public void SaveAndLoad_RoundTrip_KeepsServersPinsAndDefinitions()
    {
        using var workspace = new TestWorkspace();
        var tool = ToolJson.Simple("read", "Reads a file.");
        var lockFile = new McpLockFile();
        lockFile.SetServer(new McpLockedServer
        {
            Identity = McpServerIdentity.Stdio("files", "npx", "-y", "files-server"),
            PinnedAt = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
            Tools = new Dictionary<string, McpLockedTool> { ["read"] = TestGateway.Pin(tool) with { AcceptFindings = true } },
        });
        lockFile.SetServer(new McpLockedServer { Identity = McpServerIdentity.Http("search", "https://search.example/mcp") });
        lockFile.Save(workspace.LockPath);

        var loaded = McpLockFile.Load(workspace.LockPath);
        Assert.Equal(lockFile.ToJson(), loaded.ToJson());
        var files = loaded.Servers["files"];
        Assert.True(files.Identity.Matches(McpServerIdentity.Stdio("files", "npx", "-y", "files-server")));
        Assert.Equal(McpToolCanonicalForm.ComputeSha256(tool), files.Tools["read"].Sha256);
        Assert.True(files.Tools["read"].AcceptFindings);
        Assert.Equal(McpToolCanonicalForm.ToCanonicalJson(tool), McpToolCanonicalForm.ToCanonicalJson(files.Tools["read"].Definition!.Value));
        Assert.Equal("https://search.example/mcp", loaded.Servers["search"].Identity.Url);
    }

    [Fact]
    public void Load_MissingFile_EmptyLockAllowsNothing() => Assert.Empty(McpLockFile.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))).Servers);

    [Theory]
    [InlineData("""{"version":2,"servers":{}}""", "version")]
    [InlineData("""{"version":1,"servers":{"a.b":{"command":"x","tools":{}}}}""", "invalid server name")]
    [InlineData("""{"version":1,"servers":{"a":{"tools":{}}}}""", "exactly one of 'command' and 'url'")]
    [InlineData("""{"version":1,"servers":{"a":{"command":"x","url":"http://h","tools":{}}}}""", "exactly one of 'command' and 'url'")]
    [InlineData("""{"version":1,"servers":{"a":{"command":"x","tools":{"t":{"sha256":"ABC"}}}}}""", "sha256")]
    [InlineData("""{"version":1,"servers":{"a":{"command":"x","args":[1],"tools":{}}}}""", "args")]
    [InlineData("""[1]""", "must be a JSON object")]
    [InlineData("""{"version":1,""", "not valid JSON")]
    public void Parse_InvalidLock_NamesTheProblem(string json, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => McpLockFile.Parse(json, "x.lock"));
        Assert.StartsWith("x.lock:", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
