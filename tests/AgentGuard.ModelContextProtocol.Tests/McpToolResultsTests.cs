using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Protocol;

namespace AgentGuard.ModelContextProtocol.Tests;

public sealed class McpToolResultsTests
{
    [Theory]
    [InlineData("permission denied: /etc/shadow", ToolResultStatus.Denied)]
    [InlineData("Access Denied", ToolResultStatus.Denied)]
    [InlineData("HTTP 403 from upstream", ToolResultStatus.Denied)]
    [InlineData("401 Unauthorized", ToolResultStatus.Denied)]
    [InlineData("Forbidden", ToolResultStatus.Denied)]
    [InlineData("the token has insufficient scopes", ToolResultStatus.Denied)]
    [InlineData("disk quota exceeded", ToolResultStatus.Error)]
    [InlineData("item 4013 not found", ToolResultStatus.Error)]
    public void ToToolResult_IsError_DeniedOrErrorByText(string text, ToolResultStatus expected) =>
        Assert.Equal(expected, McpToolResults.ToToolResult(McpToolResults.Text(text, isError: true)).Status);

    [Fact]
    public void ToToolResult_NotAnError_OkEvenWhenTextMentionsDenial() =>
        Assert.Equal(ToolResultStatus.Ok, McpToolResults.ToToolResult(McpToolResults.Text("the article is about 403 errors", isError: false)).Status);

    [Fact]
    public void ToToolResult_StructuredArrayOrJsonArrayText_CountsRecords()
    {
        var structured = new CallToolResult { Content = [new TextContentBlock { Text = "3 rows" }], StructuredContent = JsonDocument.Parse("[1,2,3]").RootElement };
        Assert.Equal(3, McpToolResults.ToToolResult(structured).RecordCount);
        Assert.Equal(2, McpToolResults.ToToolResult(McpToolResults.Text("[{\"id\":1},{\"id\":2}]", false)).RecordCount);
        Assert.Null(McpToolResults.ToToolResult(McpToolResults.Text("[not json", false)).RecordCount);
    }

    [Fact]
    public void FromToolResult_RedactedMcpJson_RoundTripsAndPlainTextBecomesATextBlock()
    {
        var original = McpToolResults.ToToolResult(McpToolResults.Text("customer C123456", false));
        var back = McpToolResults.FromToolResult(original);
        Assert.Equal("customer C123456", Assert.IsType<TextContentBlock>(Assert.Single(back.Content)).Text);

        var withheld = McpToolResults.FromToolResult(ToolResult.FromText("withheld by AgentGuard: too many records"), isError: true);
        Assert.True(withheld.IsError);
        Assert.Equal("withheld by AgentGuard: too many records", Assert.IsType<TextContentBlock>(Assert.Single(withheld.Content)).Text);
    }

    [Fact]
    public void ClassifyFunctionResult_ValuesAnMcpClientToolReturns_StatusAndCount()
    {
        var built = ToolResult.FromText("x");
        var error = JsonSerializer.SerializeToElement(new { content = new[] { new { type = "text", text = "403 forbidden" } }, isError = true });
        Assert.Equal(ToolResultStatus.Denied, McpToolResults.ClassifyFunctionResult(error, built).Status);
        Assert.Equal(2, McpToolResults.ClassifyFunctionResult(new TextContent("[1,2]"), built).RecordCount);
        Assert.Equal(ToolResultStatus.Ok, McpToolResults.ClassifyFunctionResult("permission denied", built).Status);
    }
}
