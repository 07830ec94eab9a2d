namespace AgentGuard.Core.Tests.Traces;

public sealed class TraceReaderTests
{
    private static TraceDocument Read(string text) => TraceReader.Read("t.jsonl", new StringReader(text));

    [Fact]
    public void Read_FormatsExample_AllFields()
    {
        var doc = Read("""
            {"session":"s1","user":"alice","persona":"support-triage","tool":"crm.search_customers","args":{"query":".*","limit":100000},"result":{"status":"ok","records":12000,"content":"...","resource":"crm/customers"},"expect":"deny"}
            """);
        Assert.True(doc.IsValid, string.Join("\n", doc.Errors));
        var entry = Assert.Single(doc.Entries);
        Assert.Equal(1, entry.Line);
        Assert.Equal("crm.search_customers", entry.Call!.ToolName);
        Assert.Equal(100000, entry.Call.Arguments.GetProperty("limit").GetInt32());
        Assert.Equal(12000, entry.Result!.RecordCount);
        Assert.Equal("crm/customers", entry.Result.Resource);
        Assert.Equal(TraceOutcome.Deny, entry.Expect);
        Assert.Equal(TraceReader.DefaultStart, entry.At);
    }

    [Fact]
    public void Read_DefaultTimes_OneSecondAfterPreviousLineOfSameSession()
    {
        var doc = Read("""
            {"session":"a","user":"u","persona":"p","tool":"t","args":{},"at":"2026-03-01T10:00:00Z"}
            {"session":"b","user":"u","persona":"p","tool":"t","args":{}}
            {"session":"a","user":"u","persona":"p","tool":"t","args":{}}

            {"session":"a","user":"u","persona":"p","tool":"t","args":{},"at":"2026-03-03T10:00:00+02:00"}
            {"session":"a","user":"u","persona":"p","tool":"t","args":{}}
            """);
        Assert.True(doc.IsValid);
        var at = doc.Entries.Select(static e => e.At).ToList();
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero), at[0]);
        Assert.Equal(at[0].AddSeconds(1), at[1]);
        Assert.Equal(at[0].AddSeconds(1), at[2]);
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 8, 0, 0, TimeSpan.Zero), at[3]);
        Assert.Equal(at[3].AddSeconds(1), at[4]);
        Assert.Equal(5, doc.Entries[3].Line);
    }

    [Fact]
    public void Read_ContextLine_IsNotACall()
    {
        var doc = Read("""
            {"session":"s1","message":{"role":"user","content":"Pay the invoice in bill-2024-05.txt"}}
            """);
        var entry = Assert.Single(doc.Entries);
        Assert.True(entry.IsContext);
        Assert.Equal("user", entry.MessageRole);
    }

    [Fact]
    public void Read_ResultContentAsJson_Kept()
    {
        var doc = Read("""{"session":"s","user":"u","persona":"p","tool":"t","args":{},"result":{"content":{"rows":[1,2]},"status":"denied"}}""");
        var result = doc.Entries[0].Result!;
        Assert.Equal(ToolResultStatus.Denied, result.Status);
        Assert.Equal(2, result.Content!.Value.GetProperty("rows").GetArrayLength());
    }

    [Theory]
    [InlineData("not json", "", "not a JSON object")]
    [InlineData("[1,2]", "", "each line must be a JSON object")]
    [InlineData("""{"user":"u","persona":"p","tool":"t","args":{}}""", "session", "required")]
    [InlineData("""{"session":"s","persona":"p","tool":"t","args":{}}""", "user", "required")]
    [InlineData("""{"session":"s","user":"u","tool":"t","args":{}}""", "persona", "required")]
    [InlineData("""{"session":"s","user":"u","persona":"p","args":{}}""", "tool", "required")]
    [InlineData("""{"session":"s","user":"u","persona":"p","tool":"t"}""", "args", "required")]
    [InlineData("""{"session":"s","user":"u","persona":"p","tool":"t","args":"x"}""", "args", "object")]
    [InlineData("""{"session":"s","user":"u","persona":"p","tool":"t","args":{},"expect":"block"}""", "expect", "allow, redact")]
    [InlineData("""{"session":"s","user":"u","persona":"p","tool":"t","args":{},"at":"yesterday"}""", "at", "ISO-8601")]
    [InlineData("""{"session":"s","user":"u","persona":"p","tool":"t","args":{},"result":{"status":"fine"}}""", "result.status", "ok, denied or error")]
    [InlineData("""{"session":"s","user":"u","persona":"p","tool":"t","args":{},"result":{"records":-1}}""", "result.records", "non-negative")]
    [InlineData("""{"session":"s","user":"u","persona":"p","tool":"t","args":{},"result":{"rows":1}}""", "result.rows", "unknown field")]
    [InlineData("""{"session":"s","user":"u","persona":"p","tool":"t","args":{},"sesion":"x"}""", "sesion", "unknown field")]
    [InlineData("""{"session":"s","user":"u","persona":"p","tool":"t","tool":"u","args":{}}""", "tool", "more than once")]
    [InlineData("""{"session":"s","message":{"role":"assistant","content":"x"}}""", "message.role", "'user' or 'system'")]
    [InlineData("""{"session":"s","message":{"role":"user","content":"x"},"tool":"t"}""", "tool", "context line")]
    [InlineData("""{"session":"","user":"u","persona":"p","tool":"t","args":{}}""", "session", "empty")]
    [InlineData("""{"session":1,"user":"u","persona":"p","tool":"t","args":{}}""", "session", "string")]
    public void Read_BadLine_ReportsFileLineAndField(string line, string field, string message)
    {
        var doc = Read("""{"session":"ok","user":"u","persona":"p","tool":"t","args":{}}""" + "\n" + line);
        Assert.False(doc.IsValid);
        Assert.Empty(doc.Entries);
        var error = Assert.Single(doc.Errors);
        Assert.Equal("t.jsonl", error.File);
        Assert.Equal(2, error.Line);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyTrace_IsAnError()
    {
        Assert.False(Read(string.Empty).IsValid);
        Assert.False(Read("\n\n").IsValid);
    }

    [Fact]
    public void Read_DeeplyNestedArgs_ClearErrorNotCrash()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 5000)) + "1" + new string('}', 5000);
        var doc = Read($$"""{"session":"s","user":"u","persona":"p","tool":"t","args":{{deep}}}""");
        Assert.False(doc.IsValid);
        Assert.Equal(1, doc.Errors[0].Line);
    }

    [Fact]
    public void ReadFile_Missing_ReportsFile()
    {
        var doc = TraceReader.ReadFile("/nonexistent/trace.jsonl");
        Assert.False(doc.IsValid);
        Assert.Equal("/nonexistent/trace.jsonl", doc.Errors[0].File);
    }
}
