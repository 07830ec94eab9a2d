using System.Text;

namespace AgentGuard.Core.Tests.Dlp;

/// <summary>Ordinary text that resembles sensitive data in form must not be reported.</summary>
public sealed class FalsePositiveGuardTests
{
    [Theory]
    [InlineData("request 550e8400-e29b-41d4-a716-446655440000 completed")]
    [InlineData("{\"id\":\"6f1c2a9e-8d4b-4c3f-9e2a-1b7d5c3e9f00\",\"parent\":\"00000000-0000-0000-0000-000000000000\"}")]
    [InlineData("commit 3f786850e387550fdab836ed7e6dc881de23001b (HEAD -> main)")]
    [InlineData("sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    [InlineData("md5 d41d8cd98f00b204e9800998ecf8427e size 0")]
    [InlineData("sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==")]
    [InlineData("Microsoft.Extensions.AI 10.5.2, System.Text.Json 10.0.0.0, Version=4.0.0.0, Culture=neutral")]
    [InlineData("2024-05-01T12:34:56.789Z 2024-05-01 12:34:56,789 +0200 1714567890 1714567890123")]
    [InlineData("build 20240501.3 finished in 00:12:34.567 on agent-7")]
    [InlineData("Processed 123456 records in 987654 ms; throughput 125.0 rec/s; p99 12.345 ms")]
    [InlineData("The quick brown fox jumps over the lazy dog; password resets are handled by the identity team.")]
    [InlineData("{\"token_count\": 1234, \"max_tokens\": 4096, \"prompt_tokens\": 56, \"tokenizer\": \"cl100k_base\"}")]
    [InlineData("ISBN 978-3-16-148410-0 and DOI 10.1000/182")]
    [InlineData("price: 1,234,567.89 USD; qty 12 345 678")]
    [InlineData("lat 47.6062, lon -122.3321; zoom 12")]
    [InlineData("std::map<std::string, int> m; a::b::c(); 12:34; 00:1a:2b:3c:4d:5e")]
    [InlineData("https://example.com:8443/api/v1/users?page=2&per_page=50#top")]
    [InlineData("docker pull mcr.microsoft.com/dotnet/sdk:10.0.100-preview.7")]
    [InlineData("eyJ is how base64 JSON starts; AKIA is how AWS key ids start; ghp_ marks GitHub tokens.")]
    [InlineData("if (password == null) throw new ArgumentNullException(nameof(password));")]
    [InlineData("phone numbers look like 555-0100 in films; the office extension is x4567")]
    [InlineData("Total: 4111 items, 1111 returned, 1111 pending, 1111 lost")]
    public void Scan_OrdinaryText_ReportsNothing(string text) => DlpAssert.Clean(text);

    [Fact]
    public void Scan_Base64OfOrdinaryText_ReportsNothing()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("This is an ordinary sentence about the weather in Seattle."));
        DlpAssert.Clean($"payload: {encoded}");
        DlpAssert.Clean($"token = \"{encoded}\"");
    }

    [Fact]
    public void Scan_RealisticLogLines_ReportsNothing()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            builder.Append("2026-01-05T09:").Append((i % 60).ToString("00", System.Globalization.CultureInfo.InvariantCulture))
                .Append(":12.").Append((i * 7 % 1000).ToString("000", System.Globalization.CultureInfo.InvariantCulture))
                .Append("Z INFO  [worker-").Append(i % 8).Append("] GET /api/orders/").Append(100000 + i)
                .Append(" -> 200 in ").Append(i % 97).Append(" ms trace=").Append(Fake.Hex(32, i))
                .Append(" span=").Append(Fake.Hex(16, i + 1)).Append('\n');
        }

        DlpAssert.Clean(builder.ToString());
    }

    [Theory]
    [InlineData("019b8bbd-5600-7187-9475-5fdefeacd638", "5600-7187-9475")] // v7 UUIDs seen reported as cards
    [InlineData("019b8bc1-e9e0-792a-882e-661165128371", "661165128371")]
    [InlineData("019B8BBD-5600-7187-9475-5FDEFEACD638", "5600-7187-9475")]
    [InlineData("{019b8bbd-5600-7187-9475-5fdefeacd638}", "5600-7187-9475")]
    [InlineData("urn:uuid:019b8bc1-e9e0-792a-882e-661165128371", "661165128371")]
    public void Scan_UuidWhoseDigitGroupsReadAsACard_NotACard(string uuid, string digits)
    {
        // The same digits on their own are a card number: only the UUID around them makes them harmless.
        Assert.Contains(new DlpScanner().Scan("card " + digits), f => f.Detector == DlpDetectorNames.CreditCard);
        DlpAssert.Clean("{\"uuid\":\"" + uuid + "\"}");
    }

    [Fact]
    public void Scan_CardBesideAUuid_StillFound()
    {
        var findings = new DlpScanner().Scan("order 019b8bbd-5600-7187-9475-5fdefeacd638 card 5600-7187-9475 ok");

        Assert.Contains(findings, f => f.Detector == DlpDetectorNames.CreditCard);
    }

    [Fact]
    public void Scan_RealisticJsonRecords_ReportsNothing()
    {
        var builder = new StringBuilder("[");
        for (var i = 0; i < 100; i++)
        {
            builder.Append(i == 0 ? string.Empty : ",")
                .Append("{\"id\":").Append(i).Append(",\"sku\":\"SKU-").Append(10000 + i)
                .Append("\",\"name\":\"Widget ").Append(i).Append("\",\"price\":").Append(i * 3).Append(".99,\"tags\":[\"a\",\"b\"],")
                .Append("\"created\":\"2026-01-0").Append(1 + (i % 9)).Append("T08:00:00Z\",\"version\":\"1.").Append(i % 10).Append(".0\",")
                .Append("\"etag\":\"").Append(Fake.Hex(40, i)).Append("\",\"uuid\":\"").Append(Guid.CreateVersion7(new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero).AddMinutes(i)))
                .Append("\"}");
        }

        DlpAssert.Clean(builder.Append(']').ToString());
    }
}
