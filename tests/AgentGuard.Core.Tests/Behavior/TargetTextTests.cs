namespace AgentGuard.Core.Tests.Behavior;

public sealed class TargetTextTests
{
    [Theory]
    [InlineData("secrets/prod.env", "secrets/prod.env", false)]
    [InlineData("./secrets/prod.env", "secrets/prod.env", true)]
    [InlineData("a/b/../../secrets/prod.env", "secrets/prod.env", true)]
    [InlineData("secrets%2fprod.env", "secrets/prod.env", true)]
    [InlineData("secrets%252Fprod.env", "secrets/prod.env", true)]
    [InlineData("secrets\\prod.env", "secrets/prod.env", true)]
    [InlineData("/Secrets//Prod.env/", "secrets/prod.env", false)]
    [InlineData("report%20final.md", "report final.md", false)]
    [InlineData("\uFF53ecrets/prod.env", "secrets/prod.env", false)]
    [InlineData("sec\u200Brets/prod.env", "secrets/prod.env", false)]
    [InlineData("../../../etc/passwd", "etc/passwd", true)]
    public void Normalize_Spellings_ResolveToOneTarget(string raw, string expected, bool trick)
    {
        var normalized = TargetText.Normalize(raw, out var wasTrick);

        Assert.Equal(expected, normalized);
        Assert.Equal(trick, wasTrick);
    }

    [Theory]
    [InlineData("secrets/prod.env", "secrets/prod.env", "Same")]
    [InlineData("https:/git.example/raw/main/secrets/prod.env", "secrets/prod.env", "Same")]
    [InlineData("prod.env", "secrets/prod.env", "Same")]
    [InlineData("secrets/prod.env.bak", "secrets/prod.env", "Variation")]
    [InlineData("secret/prod.env", "secrets/prod.env", "Variation")]
    [InlineData("config/prod.env", "secrets/prod.env", "Variation")]
    [InlineData("secrets", "secrets/prod.env", "None")]
    [InlineData("contoso/app", "contoso/app/secrets/prod.env", "None")]
    [InlineData("src/program.cs", "secrets/prod.env", "None")]
    [InlineData("39c027e2d506", "39c027e2d5065c0e693c55228368a082b9de0fba", "Same")]
    [InlineData("39c027e2d5065c0e693c55228368a082b9de0fb", "39c027e2d5065c0e693c55228368a082b9de0fba", "Same")]
    [InlineData("39c027e2d5065c0e693c55228368a082b9de0fbb", "39c027e2d5065c0e693c55228368a082b9de0fba", "Variation")]
    [InlineData("9b1e6f0c2d3a4b5c6d7e8f90a1b2c3d4e5f6a7b8", "39c027e2d5065c0e693c55228368a082b9de0fba", "None")]
    [InlineData("data/6fa459ea-ee8a-3ca4-894e-db77e160355e.json", "data/3f2504e0-4f89-11d3-9a0c-0305e82c3301.json", "None")]
    [InlineData("c000124", "c000123", "Variation")]
    [InlineData("ab", "ab1", "None")]
    public void Compare_AttemptAndDeniedTarget_Classifies(string attempt, string denied, string expected) =>
        Assert.Equal(expected, TargetText.Compare(attempt, denied).ToString());

    [Fact]
    public void EditDistanceAtMost_AgreesWithTheFullDynamicProgramme()
    {
        var random = new Random(42);
        for (var n = 0; n < 3000; n++)
        {
            var a = RandomText(random);
            var b = random.Next(3) == 0 ? RandomText(random) : Mutate(a, random);
            var budget = random.Next(0, 5);

            Assert.Equal(Levenshtein(a, b) <= budget, TargetText.EditDistanceAtMost(a, b, budget));
        }
    }

    private static string RandomText(Random random) => new([.. Enumerable.Range(0, random.Next(0, 14)).Select(_ => (char)('a' + random.Next(4)))]);

    private static string Mutate(string text, Random random)
    {
        var chars = text.ToList();
        for (var k = random.Next(0, 5); k > 0; k--)
        {
            var at = chars.Count == 0 ? 0 : random.Next(chars.Count);
            switch (random.Next(3))
            {
                case 0: chars.Insert(at, (char)('a' + random.Next(4))); break;
                case 1 when chars.Count > 0: chars.RemoveAt(at); break;
                case 2 when chars.Count > 0: chars[at] = (char)('a' + random.Next(4)); break;
            }
        }

        return new string([.. chars]);
    }

    private static int Levenshtein(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }

        return d[a.Length, b.Length];
    }
}
