using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentGuard.ModelContextProtocol.Tests;

/// <summary>A temporary directory with a gateway configuration, personas, tools files and a lock file.</summary>
internal sealed class TestWorkspace : IDisposable
{
    public TestWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "agentguard-mcp-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "personas"));
    }

    public string Root { get; }

    public string GatewayPath => Path.Combine(Root, "gateway.yaml");

    public string LockPath => Path.Combine(Root, McpLockFile.DefaultFileName);

    public string Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Writes a tools file for the test server: (name, description, behavior) with a one-string schema.</summary>
    public string WriteTools(string name, params (string Name, string Description, string Behavior)[] tools)
    {
        var array = new JsonArray();
        foreach (var (toolName, description, behavior) in tools)
        {
            array.Add(new JsonObject
            {
                ["name"] = toolName,
                ["description"] = description,
                ["inputSchema"] = JsonNode.Parse("""{"type":"object","properties":{"text":{"type":"string","description":"Some text."}}}"""),
                ["behavior"] = behavior,
            });
        }

        var path = Path.Combine(Root, name);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, new JsonObject { ["tools"] = array }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
