namespace AgentGuard.Tests.Personas;

/// <summary>Fixture paths and a scratch directory for the policy file tests.</summary>
internal sealed class PolicyTestFiles : IDisposable
{
    public PolicyTestFiles()
    {
        Directory = Path.Combine(Path.GetTempPath(), "agentguard-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Personas", "Fixtures", name);

    public static string FixtureText(string name) => File.ReadAllText(Fixture(name));

    /// <summary>The 1-based line of the first line of <paramref name="text"/> that contains <paramref name="marker"/>.</summary>
    public static int LineOf(string text, string marker)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains(marker, StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        throw new InvalidOperationException($"'{marker}' is not in the text");
    }

    public string Write(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
