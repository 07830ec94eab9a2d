using System.Text.Json;
using AgentGuard.Cli.Inference;

namespace AgentGuard.Cli.Tests;

public sealed class ArgumentShapesTests
{
    private static (ArgumentConstraint Constraint, string Note) Infer(string name, params object[] values) =>
        ArgumentShapes.Infer(name, [.. values.Select(static v => JsonSerializer.SerializeToElement(v))], values.Length, 1.5);

    [Theory]
    [InlineData("^C[0-9]{6}$", "C123456", "C000001", "C999999")]
    [InlineData("^T-[0-9]{4,5}$", "T-1001", "T-20002")]
    [InlineData("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "2026-01-05", "2025-12-31")]
    [InlineData("^INV-[0-9]{4}-[A-Z]{2}$", "INV-2024-NL", "INV-2025-DE")]
    [InlineData("^[0-9a-f]{40}$", "39c027e2d5065c0e693c55228368a082b9de0fba", "0123456789abcdef0123456789abcdef01234567")]
    [InlineData("^[0-9a-f]{7,40}$", "39c027e", "39c027e2d5065c0e693c55228368a082b9de0fba")]
    [InlineData("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", "0f8fad5b-d9cb-469f-a165-70867728950e", "7C9E6679-7425-40DE-944B-E07FC1F90AE7")]
    [InlineData(@"^contoso/app\.v[0-9]{1}$", "contoso/app.v2")]
    public void Infer_Identifiers_OneShapePattern(string expected, params string[] values)
    {
        var (constraint, _) = Infer("id", values);
        Assert.Equal(expected, constraint.Pattern);
        Assert.All(values, v => Assert.Matches(expected, v));
        Assert.True(constraint.Required);
    }

    [Theory]
    [InlineData("C123456", "C12345X")]          // digits then a letter: another shape
    [InlineData("secrets/prod.env", "README.md")]
    [InlineData("hello world", "hello")]         // whitespace: free text
    [InlineData("ünï", "abc")]                   // non-ASCII
    [InlineData("Corrected.")]                   // a sentence, not an id
    public void Infer_DifferentShapes_NoPattern(params string[] values)
    {
        var (constraint, _) = Infer("x", values);
        Assert.Null(constraint.Pattern);
        Assert.NotNull(constraint.MaxLength);
        Assert.All(values, v => Assert.True(v.Length <= constraint.MaxLength));
    }

    [Theory]
    [InlineData("subject")]
    [InlineData("body")]
    [InlineData("message_text")]
    public void Infer_ProseArgument_LengthNotShape(string name)
    {
        var (constraint, _) = Infer(name, "Invoice");
        Assert.Null(constraint.Pattern);
        Assert.Equal(20, constraint.MaxLength);
    }

    [Fact]
    public void Infer_EmailAddresses_ObservedDomainsOnly()
    {
        var (constraint, note) = Infer("to", "jane@contoso.example", "Bob@Partner-Bank.Example.", "ops@contoso.example");
        Assert.Equal(["contoso.example", "partner-bank.example"], constraint.AllowedDomains);
        Assert.Contains("e-mail addresses", note, StringComparison.Ordinal);
    }

    [Fact]
    public void Infer_Urls_ObservedHostsWithNonDefaultPorts()
    {
        var (constraint, _) = Infer("url", "https://api.contoso.example/v1/x", "http://localhost:8080/hook", "https://API.contoso.example/v2");
        Assert.Equal(["api.contoso.example", "localhost:8080"], constraint.AllowedHosts);
    }

    [Fact]
    public void Infer_RepeatedWords_Enum()
    {
        var (constraint, _) = Infer("status", "open", "closed", "open", "closed", "open");
        Assert.Equal(["closed", "open"], constraint.Enum);
    }

    [Fact]
    public void Infer_WordSeenOnce_PatternNotEnum()
    {
        var (constraint, _) = Infer("status", "open");
        Assert.Null(constraint.Enum);
        Assert.Equal("^open$", constraint.Pattern);
    }

    [Fact]
    public void Infer_Numbers_RangeWithHeadroomRoundedUp()
    {
        var (constraint, _) = Infer("limit", 20, 35, 3);
        Assert.Equal(0, constraint.Min);
        Assert.Equal(100, constraint.Max);    // 35 × 1.5 = 52.5 → 100

        (constraint, _) = Infer("offset", -7, 4);
        Assert.Equal(-20, constraint.Min);    // -7 × 1.5 = -10.5 → -20
        Assert.Equal(10, constraint.Max);
    }

    [Fact]
    public void Infer_FilterArgument_DeniesWildcards()
    {
        var (constraint, _) = Infer("query", "Jane Roe", "John Doe");
        Assert.True(constraint.DenyWildcards);
        Assert.Equal(20, constraint.MaxLength);   // 8 × 1.5 = 12 → 20

        (constraint, _) = Infer("body", "Hello there", "Hi again");
        Assert.False(constraint.DenyWildcards);
    }

    [Fact]
    public void Infer_FilterArgumentSeenSelectingEverything_LeftToAHuman()
    {
        var (constraint, note) = Infer("search_query", "Jane Roe", "^.*$");
        Assert.False(constraint.DenyWildcards);   // the draft must admit what was observed
        Assert.Contains("1 observed value(s) select everything — consider deny_wildcards", note, StringComparison.Ordinal);
    }

    [Fact]
    public void Infer_OptionalAndStructured()
    {
        var values = new[] { JsonSerializer.SerializeToElement(new { a = 1 }) };
        var (constraint, note) = ArgumentShapes.Infer("filter", values, 3, 1.5);
        Assert.False(constraint.Required);
        Assert.Contains("structured values", note, StringComparison.Ordinal);

        (constraint, _) = ArgumentShapes.Infer("tags", [JsonSerializer.SerializeToElement(new[] { "T-1", "T-2" }), JsonSerializer.SerializeToElement(new[] { "T-3" })], 2, 1.5);
        Assert.Equal("^T-[0-9]{1}$", constraint.Pattern);
        Assert.True(constraint.Required);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(1.5, 2)]
    [InlineData(3, 5)]
    [InlineData(7.5, 10)]
    [InlineData(101, 200)]
    [InlineData(250, 500)]
    [InlineData(1e18, long.MaxValue)]
    public void NiceNumber_Ceiling(double value, long expected) => Assert.Equal(expected, NiceNumber.Ceiling(value));
}
