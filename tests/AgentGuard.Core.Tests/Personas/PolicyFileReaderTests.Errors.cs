namespace AgentGuard.Tests.Personas;

public sealed partial class PolicyFileReaderTests
{
    // Fields 1-3 of a valid persona; what a test appends starts on line 4.
    private const string Head = "persona: p\ndescription: d\nowner: o\n";

    [Theory]
    [InlineData("colour: red", 4, 1, "colour", "a persona")]
    [InlineData("tools:\n  - name: t\n    riks: high", 6, 5, "tools[0].riks", "a tool grant")]
    [InlineData("tools:\n  - name: t\n    args:\n      a: { patern: x }", 7, 12, "tools[0].args.a.patern", "an argument constraint")]
    [InlineData("tools:\n  - name: t\n    rate: { per_second: 1 }", 6, 13, "tools[0].rate.per_second", "a rate")]
    [InlineData("data:\n  max_records: 5", 5, 3, "data.max_records", "data")]
    [InlineData("behavior: { alert: 1 }", 4, 13, "behavior.alert", "behavior")]
    [InlineData("dlp:\n  egress: block", 5, 3, "dlp.egress", "dlp")]
    public void ReadPersonas_UnknownField_NamesItAndListsTheAllowedOnes(string yaml, int line, int column, string field, string where)
    {
        var error = ReadError(Head + yaml);

        Assert.Equal((File, line, column, field), (error.File, error.Line, error.Column, error.Field));
        var name = field[(field.LastIndexOf('.') + 1)..];
        Assert.Contains($"unknown field '{name}' in {where}", error.Message, StringComparison.Ordinal);
        Assert.Contains("allowed fields: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(PolicySeverity.Error, error.Severity);
    }

    [Fact]
    public void ReadPersonas_UnknownField_ListsEveryAllowedFieldAndSuggestsTheCloseOne()
    {
        var error = ReadError(Head + "Tools: []");

        Assert.Contains(string.Join(", ", PolicyFields.Persona), error.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'tools'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPersonas_LookalikeFieldName_IsNotTakenForTheRealOne()
    {
        // Cyrillic 'е' in "еgress": a reviewer sees "egress: true", the reader must not silently ignore it.
        var error = ReadError(Head + "tools:\n  - name: t\n    \u0435gress: false");

        Assert.Equal(("tools[0].\u0435gress", 6), (error.Field, error.Line));
    }

    [Theory]
    [InlineData("maturity: boss", 4, "maturity", "maturity must be one of intern, junior, senior, principal, not 'boss'")]
    [InlineData("maturity: 2", 4, "maturity", "not '2'")]
    [InlineData("tools:\n  - name: t\n    risk: extreme", 6, "tools[0].risk", "risk must be one of low, medium, high, not 'extreme'")]
    [InlineData("dlp: { results: quarantine }", 4, "dlp.results", "results must be one of allow, redact, block, not 'quarantine'")]
    [InlineData("capabilities: tickets.read", 4, "capabilities", "must be a list, not 'tickets.read' (write [tickets.read])")]
    [InlineData("capabilities: { a: b }", 4, "capabilities", "must be a list, not a mapping")]
    [InlineData("capabilities: [[a]]", 4, "capabilities[0]", "must be a string, not a list")]
    [InlineData("data: [1, 2]", 4, "data", "must be a mapping of fields, not a list")]
    [InlineData("data: { max_records_per_call: -1 }", 4, "data.max_records_per_call", "must be a non-negative whole number, not -1")]
    [InlineData("data: { max_records_per_call: 1.5 }", 4, "data.max_records_per_call", "whole number, not '1.5'")]
    [InlineData("data: { max_records_per_hour: 2.5e0 }", 4, "data.max_records_per_hour", "whole number, not '2.5e0'")]
    [InlineData("data: { max_records_per_hour: 1e40 }", 4, "data.max_records_per_hour", "whole number, not '1e40'")]
    [InlineData("data: { max_records_per_hour: lots }", 4, "data.max_records_per_hour", "whole number, not 'lots'")]
    [InlineData("data: { max_records_per_hour: 0x10 }", 4, "data.max_records_per_hour", "not '0x10'")]
    [InlineData("data: { max_result_bytes_per_call: 99999999999999999999 }", 4, "data.max_result_bytes_per_call", "(too large)")]
    [InlineData("tools:\n  - name: t\n    rate: { per_minute: 0 }", 6, "tools[0].rate.per_minute", "must be a positive whole number, not 0")]
    [InlineData("tools:\n  - name: t\n    rate: { per_hour: 3000000000 }", 6, "tools[0].rate.per_hour", "at most 2147483647")]
    [InlineData("tools:\n  - name: t\n    rate: 5", 6, "tools[0].rate", "must be a mapping of fields, not '5'")]
    [InlineData("tools:\n  - name: t\n    args:\n      q: { max_length: -5 }", 7, "tools[0].args.q.max_length", "non-negative whole number, not -5")]
    [InlineData("tools:\n  - name: t\n    args:\n      q: { max: abc }", 7, "tools[0].args.q.max", "max must be a finite number, not 'abc'")]
    [InlineData("tools:\n  - name: t\n    args:\n      q: { pattern: [a] }", 7, "tools[0].args.q.pattern", "pattern must be a string, not a list")]
    [InlineData("tools:\n  - name: t\n    args:\n      q: { enum: a }", 7, "tools[0].args.q.enum", "must be a list, not 'a' (write [a])")]
    [InlineData("tools:\n  - name: t\n    args:\n      q: { enum: [a, { b: c }] }", 7, "tools[0].args.q.enum[1]", "must be a string, number or boolean, not a mapping")]
    [InlineData("tools:\n  - name: t\n    args:\n      q: { enum: [a, ~] }", 7, "tools[0].args.q.enum[1]", "not nothing")]
    [InlineData("tools:\n  - name: t\n    args:\n      q: { allowed_domains: example.com }", 7, "tools[0].args.q.allowed_domains", "must be a list")]
    [InlineData("tools:\n  - name: t\n    args: [q]", 6, "tools[0].args", "must be a mapping, not a list")]
    [InlineData("tools:\n  - name: t\n    egress: maybe", 6, "tools[0].egress", "egress must be true or false, not 'maybe'")]
    [InlineData("tools: { name: t }", 4, "tools", "must be a list, not a mapping")]
    [InlineData("tools:\n  - crm.get_customer", 5, "tools[0]", "must be a mapping of fields, not 'crm.get_customer' (write '- name: crm.get_customer')")]
    [InlineData("workflows: [a, b]", 4, "workflows[0]", "must be a list, not 'a'")]
    [InlineData("workflows: [[a, [b]]]", 4, "workflows[0][1]", "must be a string, not a list")]
    [InlineData("behavior: { halt_at: .inf }", 4, "behavior.halt_at", "finite number, not '.inf'")]
    [InlineData("behavior: { halt_at: NaN }", 4, "behavior.halt_at", "finite number, not 'NaN'")]
    [InlineData("behavior: { halt_at: Infinity }", 4, "behavior.halt_at", "finite number, not 'Infinity'")]
    [InlineData("behavior: { halt_at: 1e999 }", 4, "behavior.halt_at", "finite number, not '1e999'")]
    [InlineData("behavior: { alert_at: '1,5' }", 4, "behavior.alert_at", "finite number, not '1,5'")]
    [InlineData("behavior: 40", 4, "behavior", "must be a mapping of fields")]
    public void ReadPersonas_WrongTypeOrRange_IsLocatedAndExplained(string yaml, int line, string field, string message)
    {
        var (personas, errors) = Read(Head + yaml);

        Assert.Empty(personas);
        var error = Assert.Single(errors, e => e.Field == field);
        Assert.Equal((File, line), (error.File, error.Line));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("No")]
    [InlineData("on")]
    [InlineData("OFF")]
    [InlineData("y")]
    public void ReadPersonas_Yaml11Boolean_IsRefusedNotReadAsFalse(string value)
    {
        // deny_wildcards: yes must not silently become false (that would switch the protection off).
        var error = ReadError(Head + $"tools:\n  - name: t\n    args:\n      q: {{ deny_wildcards: {value} }}");

        Assert.Equal(("tools[0].args.q.deny_wildcards", 7, 28), (error.Field, error.Line, error.Column));
        Assert.Contains("write true or false", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tools:\n  - name: t\n    risk:", "tools[0].risk", "not nothing")]
    [InlineData("tools:\n  - name: t\n    egress: ~", "tools[0].egress", "not nothing")]
    [InlineData("tools:\n  - name: t\n    args:\n      q:", "tools[0].args.q", "(write {} to allow the argument without constraints)")]
    [InlineData("tools:\n  - name: t\n    args:", "tools[0].args", "must be a mapping, not nothing")]
    [InlineData("data:", "data", "not nothing")]
    [InlineData("tools:", "tools", "must be a list, not nothing")]
    [InlineData("tools:\n  - null", "tools[0]", "not nothing")]
    public void ReadPersonas_FieldWithoutValue_IsAnError(string yaml, string field, string message)
    {
        var (personas, errors) = Read(Head + yaml);

        Assert.Empty(personas);
        var error = Assert.Single(errors, e => e.Field == field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPersonas_RequiredFieldsMissing_ReportsEachAtTheDocument()
    {
        var (personas, errors) = Read("\n# a persona with no id\nmaturity: junior\n");

        Assert.Empty(personas);
        Assert.Equal(["persona", "description", "owner"], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Equal((File, 3, 1), (e.File, e.Line, e.Column)));
        Assert.All(errors, e => Assert.Contains($"required field '{e.Field}' is missing", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void ReadPersonas_RequiredFieldWithoutValue_IsAnError()
    {
        var error = ReadError("persona: p\ndescription:\nowner: o\n");

        Assert.Equal(("description", 2), (error.Field, error.Line));
        Assert.Contains("must be a string, not nothing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPersonas_ToolWithoutName_IsLocatedAtTheTool()
    {
        var error = ReadError(Head + "tools:\n  - name: a\n  - risk: high\n    egress: true");

        Assert.Equal(("tools[1].name", 6, 5), (error.Field, error.Line, error.Column));
        Assert.Contains("required field 'name' is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPersonas_PersonaWithSeveralErrors_IsNotReturnedAndEveryErrorIsReported()
    {
        var (personas, errors) = Read("""
            persona: p
            description: d
            owner: o
            maturity: boss
            colour: red
            tools:
              - name: t
                risk: extreme
                args:
                  q: { max_length: many }
            data: { max_records_per_call: -1 }
            dlp: { args: shred }
            """);

        Assert.Empty(personas);
        Assert.Equal(
            [(4, "maturity"), (5, "colour"), (8, "tools[0].risk"), (10, "tools[0].args.q.max_length"), (11, "data.max_records_per_call"), (12, "dlp.args")],
            errors.Select(e => (e.Line ?? 0, e.Field)));
    }

    [Fact]
    public void ReadPersonas_DuplicateKey_IsRefusedNotLastOneWins()
    {
        var (personas, errors) = Read(Head + "maturity: intern\npersona: admin\nmaturity: principal\n");

        Assert.Empty(personas);
        Assert.Equal([("persona", 5, 1), ("maturity", 6, 1)], errors.Select(e => (e.Field, e.Line ?? 0, e.Column ?? 0)));
        Assert.Contains("'persona' appears twice in this mapping (first at line 1)", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("(first at line 4)", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPersonas_DuplicateKeyWrittenWithQuotes_IsStillADuplicate()
    {
        var error = ReadError(Head + "tools:\n  - name: t\n    egress: false\n    \"egress\": true");

        Assert.Equal(("tools[0].egress", 7, 5), (error.Field, error.Line, error.Column));
    }

    [Fact]
    public void ReadPersonas_DuplicateArgumentOrNestedKey_IsRefused()
    {
        var (personas, errors) = Read(Head + "tools:\n  - name: t\n    args:\n      to: { allowed_domains: [a.example] }\n      to: {}\n      cc: { max: 1, max: 2 }");

        Assert.Empty(personas);
        Assert.Equal([("tools[0].args.to", 8), ("tools[0].args.cc.max", 9)], errors.Select(e => (e.Field, e.Line ?? 0)));
    }

    [Fact]
    public void ReadPersonas_DuplicateKey_OtherErrorsOfTheDocumentAreStillReported()
    {
        var (_, errors) = Read(Head + "owner: again\nmaturity: boss\n");

        Assert.Equal(["owner", "maturity"], errors.Select(e => e.Field));
    }

    [Fact]
    public void ReadPersonas_AnchorAndAlias_AreRefusedWithoutFollowUpNoise()
    {
        var (personas, errors) = Read("persona: p\ndescription: &d Shared text\nowner: *d\n");

        Assert.Empty(personas);
        Assert.Equal([("description", 2, 14), ("owner", 3, 8)], errors.Select(e => (e.Field, e.Line ?? 0, e.Column ?? 0)));
        Assert.Contains("anchors (&d) are not allowed", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("aliases (*d) are not allowed", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPersonas_AliasToUndefinedAnchor_IsReportedNotThrown()
    {
        var (personas, errors) = Read(Head + "maturity: *nowhere\n");

        Assert.Empty(personas);
        Assert.Equal(("maturity", 4, 11), (errors[0].Field, errors[0].Line, errors[0].Column));
    }

    [Fact]
    public void ReadPersonas_BillionLaughs_IsRefusedWithoutExpanding()
    {
        var text = new System.Text.StringBuilder(Head);
        text.Append("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 12; i++)
        {
            text.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        }

        var (personas, errors) = Read(text.ToString());

        Assert.Empty(personas);
        Assert.Contains(errors, e => e.Message.Contains("aliases (*a10) are not allowed", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "a11" && e.Message.Contains("anchors (&a11)", StringComparison.Ordinal));
    }

    [Fact]
    public void ReadPersonas_AliasAsKey_IsRefused()
    {
        var (personas, errors) = Read("persona: p\ndescription: d\nowner: &k o\n*k : x\n");

        Assert.Empty(personas);
        Assert.Contains(errors, e => e.Line == 4 && e.Message.Contains("aliases (*k)", StringComparison.Ordinal));
    }

    [Fact]
    public void ReadPersonas_MergeKey_IsRefused()
    {
        var (personas, errors) = Read(Head + "tools:\n  - name: t\n    <<: { risk: low, egress: false }\n");

        Assert.Empty(personas);
        var error = Assert.Single(errors);
        Assert.Equal(("tools[0].<<", 6, 5), (error.Field, error.Line, error.Column));
        Assert.Contains("merge keys (<<) are not allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPersonas_MergeKeyAmongArguments_IsNotTakenForAnArgumentName()
    {
        var (personas, errors) = Read(Head + "tools:\n  - name: t\n    args:\n      <<: {}\n");

        Assert.Empty(personas);
        Assert.Equal("tools[0].args.<<", Assert.Single(errors).Field);
    }

    [Theory]
    [InlineData("maturity: !!str junior", "!!str")]
    [InlineData("maturity: !custom junior", "!custom")]
    public void ReadPersonas_Tag_IsRefused(string yaml, string tag)
    {
        var error = ReadError(Head + yaml);

        Assert.Equal(("maturity", 4, 11), (error.Field, error.Line, error.Column));
        Assert.Contains("tags", error.Message, StringComparison.Ordinal);
        Assert.Contains(tag.TrimStart('!'), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPersonas_ComplexKey_IsRefused()
    {
        var error = ReadError(Head + "? [a, b]\n: c\n");

        Assert.Equal(4, error.Line);
        Assert.Contains("a key must be a plain name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPersonas_YamlSyntaxError_ReportsLineAndColumn()
    {
        var error = ReadError(Head + "tools:\n  - name: t\n   risk: high\n");

        Assert.Equal((File, string.Empty, 6, 4), (error.File, error.Field, error.Line, error.Column));
        Assert.StartsWith("YAML syntax error: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPersonas_UnclosedFlowList_IsASyntaxErrorNotAnException()
    {
        // YamlDotNet 16.3 throws InvalidOperationException (no position) here; the reader reports it after 'a'.
        var error = ReadError(Head + "capabilities: [a, b\nmaturity: junior\n");

        Assert.Equal((4, 17), (error.Line, error.Column));
        Assert.StartsWith("YAML syntax error: cannot read the unquoted value after this point", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPersonas_TabIndentationInYaml_IsASyntaxError()
    {
        var error = ReadError(Head + "tools:\n\t- name: t\n");

        Assert.Equal(5, error.Line);
        Assert.Contains("tab", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ReadPersonas_SyntaxErrorInLaterDocument_EarlierDocumentsAreStillChecked()
    {
        var (personas, errors) = Read("persona: a\ndescription: d\nowner: o\nmaturity: boss\n---\npersona: b\ndescription: [x\n");

        Assert.Empty(personas);
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Field == "maturity" && e.Line == 4);
        Assert.Contains(errors, e => e.Message.StartsWith("YAML syntax error", StringComparison.Ordinal) && e.Line >= 7);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n")]
    [InlineData("# nothing but a comment\n")]
    [InlineData("---\n")]
    [InlineData("\uFEFF")]
    public void ReadPersonas_EmptyFile_IsAnError(string text)
    {
        var error = ReadError(text);

        Assert.Equal((File, 1, 1, string.Empty), (error.File, error.Line, error.Column, error.Field));
        Assert.Contains("the file is empty", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("just a sentence\n", "a persona must be a mapping of fields, not 'just a sentence'")]
    [InlineData("- persona: a\n  description: d\n  owner: o\n", "not a list (to hold several personas in one YAML file, separate them with ---)")]
    public void ReadPersonas_DocumentIsNotAMapping_IsAnError(string text, string message)
    {
        var error = ReadError(text);

        Assert.Equal((1, 1, string.Empty), (error.Line, error.Column, error.Field));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPersonas_FileOverOneMegabyte_IsRefusedBeforeParsing()
    {
        var text = Head + "# " + new string('x', (int)PolicyFileReader.MaxFileBytes) + "\n";

        var error = ReadError(text);

        Assert.Equal((File, string.Empty), (error.File, error.Field));
        Assert.Contains("larger than 1 MB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPersonas_FileOverOneMegabyteInUtf8Bytes_IsRefused()
    {
        // 600,000 characters, but 1.2 MB once encoded: the limit is on bytes.
        var text = Head + "# " + new string('é', 600_000) + "\n";

        Assert.Contains("larger than 1 MB", ReadError(text).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPersonas_FileJustUnderTheLimit_IsRead()
    {
        var padding = (int)PolicyFileReader.MaxFileBytes - Head.Length - 3;
        var persona = ReadOne(Head + "# " + new string('x', padding) + "\n");

        Assert.Equal("p", persona.Id);
    }

    [Fact]
    public void ReadPersonas_DeepNesting_IsRefusedWithoutOverflowingTheStack()
    {
        var text = Head + "capabilities: " + new string('[', 200_000) + new string(']', 200_000) + "\n";

        var (personas, errors) = Read(text);

        Assert.Empty(personas);
        var error = Assert.Single(errors);
        Assert.Contains($"nests deeper than {YamlEventSanitizer.MaxDepth} levels", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void ReadPersonas_TruncatedOrMutatedFiles_NeverThrow()
    {
        var text = PolicyTestFiles.FixtureText("support-triage.yaml");
        var random = new Random(20240611);
        const string noise = "{}[]:,-&*!|>'\"#%@`? \t\n~<";
        for (var cut = 0; cut <= text.Length; cut += 3)
        {
            _ = Read(text[..cut]);
        }

        for (var round = 0; round < 400; round++)
        {
            var chars = text.ToCharArray();
            for (var k = 0; k < 3; k++)
            {
                chars[random.Next(chars.Length)] = noise[random.Next(noise.Length)];
            }

            var (_, errors) = Read(new string(chars));
            Assert.All(errors, e =>
            {
                Assert.Equal(File, e.File);
                Assert.False(string.IsNullOrEmpty(e.Message));
                Assert.True(e.Line is null or >= 1 and <= 40, $"line {e.Line} is outside the file");
            });
        }
    }
}
