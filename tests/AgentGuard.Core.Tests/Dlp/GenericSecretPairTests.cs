using System.Text.Json;

namespace AgentGuard.Core.Tests.Dlp;

/// <summary>Secrets in name/value pairs: <c>- name: DB_PASSWORD / value: …</c> (Kubernetes env) and
/// <c>{"name": "API_KEY", "value": "…"}</c> (ECS task definitions, settings lists), in text and in JSON documents.</summary>
public sealed class GenericSecretPairTests
{
    [Theory]
    [InlineData("env:\n  - name: API_KEY\n    value: {0}\n")]
    [InlineData("env:\r\n  - name: DB_PASSWORD\r\n    value: \"{0}\"\r\n")]
    [InlineData("env:\n\t- name: 'SLACK_TOKEN'\n\t  value: '{0}'")]
    [InlineData("[{{\"name\":\"DB_PASSWORD\",\"value\":\"{0}\"}}]")]
    [InlineData("[{{\"name\": \"API_KEY\", \"value\": \"{0}\"}}]")]
    [InlineData("{{\"Key\": \"ClientSecret\",\n  \"Value\": \"{0}\"}}")]
    [InlineData("{{\\\"name\\\":\\\"API_KEY\\\",\\\"value\\\":\\\"{0}\\\"}}")]
    [InlineData("{{'name': 'api_token', 'value': '{0}'}}")]
    [InlineData("- name: API_KEY\n  value: {0}")]
    public void Scan_NameValuePair_ReportsValue(string format)
    {
        for (var seed = 0; seed < 10; seed++)
        {
            var value = Fake.Alnum(20, seed) + "9";
            DlpAssert.Finds(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, value), DlpDetectorNames.GenericSecret, value);
        }
    }

    [Theory]
    [InlineData("- name: API_KEY\n  valueFrom:\n    secretKeyRef:\n      name: api\n      key: key")]
    [InlineData("- name: DB_PASSWORD\n  value: changeme")]
    [InlineData("- name: API_KEY\n  value: ${{API_KEY}}")]
    [InlineData("filename: token\nvalue: {0}")]
    [InlineData("- name: LOG_LEVEL\n  value: {0}")]
    [InlineData("{{\"name\": \"tokenizer\", \"value\": \"{0}\"}}")]
    [InlineData("{{\"name\": \"next_page_token\", \"value\": \"{0}\"}}")]
    public void Scan_NotASecretPair_NotReported(string format)
    {
        var value = Fake.Alnum(20, 3) + "9";
        DlpAssert.DoesNotFind(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, value), DlpDetectorNames.GenericSecret);
    }

    [Fact]
    public void ScanJson_NameValuePair_ReportsValue()
    {
        var value = Fake.Alnum(24, 7) + "9";
        var json = JsonSerializer.SerializeToElement(new
        {
            containerDefinitions = new[]
            {
                new { environment = new object[] { new { name = "LOG_LEVEL", value = "debug" }, new { value, name = "DB_PASSWORD" } } },
            },
        });
        var finding = Assert.Single(DlpAssert.Scanner.ScanJson(json));
        Assert.Equal(("$.containerDefinitions[0].environment[1].value", DlpDetectorNames.GenericSecret), (finding.Path, finding.Detection.Detector));
    }

    [Fact]
    public void ScanJson_PairWithOrdinaryName_NotReported()
    {
        var value = Fake.Alnum(24, 8) + "9";
        var json = JsonSerializer.SerializeToElement(new[] { new { name = "build_id", value }, new { name = "nextPageToken", value } });
        Assert.Empty(DlpAssert.Scanner.ScanJson(json));
    }
}
