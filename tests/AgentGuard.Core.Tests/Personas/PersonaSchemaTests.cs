using System.Text.Json;

namespace AgentGuard.Tests.Personas;

/// <summary>Tests of <c>schemas/persona.schema.json</c>, the JSON Schema shipped for editors.</summary>
public sealed class PersonaSchemaTests
{
    private static string SchemaPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "schemas", "persona.schema.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("schemas/persona.schema.json not found above the test directory");
    }

    private static string EmbeddedSchema()
    {
        using var stream = typeof(PolicyBuilder).Assembly.GetManifestResourceStream("AgentGuard.persona.schema.json");
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static JsonElement Resolve(JsonElement root, JsonElement schema)
    {
        while (schema.TryGetProperty("$ref", out var reference))
        {
            var target = reference.GetString()!;
            Assert.StartsWith("#/$defs/", target, StringComparison.Ordinal);
            Assert.True(root.GetProperty("$defs").TryGetProperty(target["#/$defs/".Length..], out schema), $"unresolved {target}");
        }

        return schema;
    }

    private static string[] PropertyNames(JsonElement schema) =>
        [.. schema.GetProperty("properties").EnumerateObject().Select(p => p.Name)];

    [Fact]
    public void Schema_IsValidJsonAndDraft202012()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SchemaPath()));

        var root = document.RootElement;
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", root.GetProperty("$schema").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("description").GetString()));
    }

    [Fact]
    public void Schema_EmbeddedResource_IsTheShippedFile()
    {
        Assert.Equal(File.ReadAllText(SchemaPath()), EmbeddedSchema());
    }

    [Fact]
    public void Schema_PropertyNames_AreExactlyTheFieldsTheReaderAccepts()
    {
        using var document = JsonDocument.Parse(EmbeddedSchema());
        var root = document.RootElement;
        var variants = root.GetProperty("oneOf").EnumerateArray().ToList();
        var persona = Resolve(root, variants[0]);
        Assert.Equal(persona, Resolve(root, variants[1].GetProperty("items")), JsonElementComparer.Instance);

        // Walk the schema from the persona down, beside the reader's field lists.
        AssertFields(persona, PolicyFields.Persona, "persona");
        var properties = persona.GetProperty("properties");
        var grant = Resolve(root, properties.GetProperty("tools").GetProperty("items"));
        AssertFields(grant, PolicyFields.ToolGrant, "tools[]");
        var args = grant.GetProperty("properties").GetProperty("args");
        AssertFields(Resolve(root, args.GetProperty("additionalProperties")), PolicyFields.ArgumentConstraint, "args.*");
        AssertFields(Resolve(root, grant.GetProperty("properties").GetProperty("rate")), PolicyFields.Rate, "rate");
        AssertFields(Resolve(root, properties.GetProperty("data")), PolicyFields.Data, "data");
        AssertFields(Resolve(root, properties.GetProperty("behavior")), PolicyFields.Behavior, "behavior");
        AssertFields(Resolve(root, properties.GetProperty("dlp")), PolicyFields.Dlp, "dlp");
        AssertFields(Resolve(root, properties.GetProperty("lineage")), PolicyFields.Lineage, "lineage");

        Assert.Equal(["persona", "description", "owner"], persona.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["name"], grant.GetProperty("required").EnumerateArray().Select(e => e.GetString()));

        static void AssertFields(JsonElement schema, string[] accepted, string where)
        {
            Assert.True(
                accepted.Order(StringComparer.Ordinal).SequenceEqual(PropertyNames(schema).Order(StringComparer.Ordinal)),
                $"{where}: schema has [{string.Join(", ", PropertyNames(schema))}], reader accepts [{string.Join(", ", accepted)}]");
            Assert.False(schema.GetProperty("additionalProperties").GetBoolean(), $"{where} must refuse unknown fields");
        }
    }

    [Fact]
    public void Schema_EveryObjectRefusesUnknownPropertiesAndEveryPropertyIsDescribed()
    {
        using var document = JsonDocument.Parse(EmbeddedSchema());
        var root = document.RootElement;
        var objects = 0;
        Walk(root.GetProperty("$defs"));
        Assert.Equal(8, objects);

        void Walk(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item);
                }
            }

            if (element.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            if (element.TryGetProperty("$ref", out _))
            {
                _ = Resolve(root, element);
            }

            if (element.TryGetProperty("properties", out var properties))
            {
                objects++;
                Assert.True(element.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False);
                foreach (var property in properties.EnumerateObject())
                {
                    var described = Resolve(root, property.Value).TryGetProperty("description", out _) || property.Value.TryGetProperty("description", out _);
                    Assert.True(described, $"'{property.Name}' has no description");
                }
            }

            foreach (var property in element.EnumerateObject())
            {
                Walk(property.Value);
            }
        }
    }

    [Fact]
    public void Schema_EnumeratedValues_MatchTheReader()
    {
        using var document = JsonDocument.Parse(EmbeddedSchema());
        var defs = document.RootElement.GetProperty("$defs");

        Assert.Equal(["intern", "junior", "senior", "principal"], Enum(defs.GetProperty("persona").GetProperty("properties").GetProperty("maturity")));
        Assert.Equal(["low", "medium", "high"], Enum(defs.GetProperty("toolGrant").GetProperty("properties").GetProperty("risk")));
        Assert.Equal(["allow", "redact", "block"], Enum(defs.GetProperty("dlpAction")));
        Assert.Equal(
            Names<Maturity>(),
            Enum(defs.GetProperty("persona").GetProperty("properties").GetProperty("maturity")));
        Assert.Equal(Names<ToolRisk>(), Enum(defs.GetProperty("toolGrant").GetProperty("properties").GetProperty("risk")));
        Assert.Equal(Names<DlpAction>(), Enum(defs.GetProperty("dlpAction")));
        Assert.Equal(Names<LineageAction>(), Enum(defs.GetProperty("lineageAction")));

        static string[] Enum(JsonElement schema) => [.. schema.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!)];

        static string[] Names<T>()
            where T : struct, System.Enum => [.. System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant())];
    }

    [Fact]
    public void Schema_EveryFieldItNames_IsAcceptedByTheReader()
    {
        // A persona that writes every field the schema lists must read without an "unknown field" error.
        var errors = new List<PolicyError>();
        var personas = PolicyFileReader.ReadPersonas("all.yaml", """
            persona: every-field
            description: d
            owner: o
            maturity: senior
            capabilities: [c]
            tools:
              - name: t
                risk: low
                egress: false
                args:
                  a: { pattern: "^x$", enum: [x], min: 0, max: 1, max_length: 3, allowed_domains: [example.com], allowed_hosts: [example.com], deny_wildcards: true, required: true }
                rate: { per_minute: 1, per_hour: 2 }
            data: { max_records_per_call: 1, max_records_per_hour: 2, max_distinct_resources_per_hour: 3, max_result_bytes_per_call: 4 }
            workflows: [[t]]
            behavior: { alert_at: 1, approval_at: 2, halt_at: 3 }
            dlp: { egress_args: block, args: redact, results: allow }
            """, errors);

        Assert.Empty(errors);
        var map = Assert.Single(personas).Map;
        foreach (var field in PolicyFields.Persona)
        {
            Assert.NotNull(map.Locate(field).Line);
        }
    }

    private sealed class JsonElementComparer : IEqualityComparer<JsonElement>
    {
        public static readonly JsonElementComparer Instance = new();

        public bool Equals(JsonElement x, JsonElement y) => JsonElement.DeepEquals(x, y);

        public int GetHashCode(JsonElement obj) => 0;
    }
}
