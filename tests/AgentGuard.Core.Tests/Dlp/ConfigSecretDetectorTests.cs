using System.Globalization;
using System.Text;

namespace AgentGuard.Core.Tests.Dlp;

/// <summary>True positives and near-misses for secrets in configuration and command forms: .NET/NuGet <c>&lt;add key value&gt;</c>
/// pairs, Kubernetes Secret manifests, <c>Authorization</c> headers with other schemes, <c>curl -u</c>, Sidekiq gem-server
/// credentials, Terraform Cloud tokens, Facebook app tokens and UUID keys assigned to credential names.</summary>
/// <remarks>Values are random at run time (<see cref="Fake"/>); no literal in this file is a credential.</remarks>
public sealed class ConfigSecretDetectorTests
{
    private static string Password(int seed) => Fake.Alnum(12, seed) + "!" + Fake.Digits(2, seed);

    private static string Uuid(int seed)
    {
        var h = Fake.Hex(32, seed);
        return $"{h[..8]}-{h[8..12]}-{h[12..16]}-{h[16..20]}-{h[20..]}";
    }

    private static string Format(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    // --- .NET / NuGet <add key="…" value="…"/> ---------------------------------------------------------------------------

    public static TheoryData<string, string> XmlPairs()
    {
        var data = new TheoryData<string, string>();
        string[] formats =
        [
            "<add key=\"Password\" value=\"{0}\" />",
            "<add key=\"ClearTextPassword\" value=\"{0}\" />",
            "    <add key='ApiKey' value='{0}'/>",
            "<add key=\"StorageAccountSecret\"   value=\"{0}\"></add>",
            "<add value=\"{0}\" key=\"ClearTextPassword\" />",
            "<packageSourceCredentials>\n  <feed>\n    <add key=\"Username\" value=\"ci\" />\n    <add key=\"ClearTextPassword\" value=\"{0}\" />\n  </feed>\n</packageSourceCredentials>",
            "<appSettings>\r\n  <add key=\"Smtp.Password\" value=\"{0}\"/>\r\n</appSettings>",
            "<add key=\"AuthToken\"\n     value=\"{0}\" />",
            "<add key = \"ClientSecret\" value = \"{0}\" />",
            "<add\tkey=\"DbPassword\"\tvalue=\"{0}\"/>",
        ];
        for (var i = 0; i < formats.Length; i++)
        {
            var value = Password(100 + i);
            data.Add(Format(formats[i], value), value);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(XmlPairs))]
    public void Scan_XmlKeyValuePair_IsFound(string text, string value) => DlpAssert.Finds(text, DlpDetectorNames.GenericSecret, value);

    [Theory]
    [InlineData("<add key=\"Username\" value=\"deploy-bot-7\" />")]
    [InlineData("<add key=\"ClearTextPassword\" value=\"\" />")]
    [InlineData("<add key=\"ClearTextPassword\" value=\"%NUGET_FEED_PASSWORD%\" />")]
    [InlineData("<add key=\"ApiKey\" value=\"$(NuGetApiKey)\" />")]
    [InlineData("<add key=\"PasswordPolicy\" value=\"Strong-Policy-2024x\" />")]
    [InlineData("<add key=\"TokenLifetimeSeconds\" value=\"3600\" />")]
    [InlineData("<add key=\"Password\" value=\"********\" />")]
    [InlineData("<add key=\"SecretName\" value=\"orders-db-credentials\" />")]
    [InlineData("<add key=\"ClearTextPassword\" value=\"changeme\" />")]
    [InlineData("<add key=\"Password\" value=\"{{feed_password}}\" />")]
    [InlineData("<add name=\"Password\" connectionString=\"\" />")]
    [InlineData("<add key=\"ApiKey\" value=\"your-api-key\" />")]
    public void Scan_XmlKeyValueNearMiss_IsNotReported(string text) => DlpAssert.Clean(text);

    // --- Authorization: <scheme> <credential> ------------------------------------------------------------------------------

    public static TheoryData<string, string> AuthorizationHeaders()
    {
        var data = new TheoryData<string, string>();
        string[] formats =
        [
            "Authorization: Token {0}",
            "curl -H 'Authorization: Api-Token {0}' https://api.internal.test/v1/items",
            "{{\"headers\": {{\"Authorization\": \"Token {0}\"}}}}",
            "Authorization: {0}",
            "authorization=SSWS {0}",
            "headers['Authorization'] = 'Token {0}'",
            "AUTHORIZATION: GenieKey {0}",
            "request.Headers.Add(\"Authorization\", \"Klaviyo-API-Key {0}\")",
            "  authorization: \"ApiKey {0}\"",
            "> Authorization:  {0}\n> Accept: */*",
        ];
        for (var i = 0; i < formats.Length; i++)
        {
            var value = i % 3 == 0 ? Fake.Hex(40, 200 + i) : i % 3 == 1 ? Uuid(200 + i) : Fake.Base64Url(42, 200 + i);
            data.Add(Format(formats[i], value), value);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AuthorizationHeaders))]
    public void Scan_AuthorizationHeader_IsFound(string text, string value) => DlpAssert.Finds(text, DlpDetectorNames.AuthorizationHeader, value);

    public static TheoryData<string> AuthorizationNearMisses() =>
    [
        "Authorization: Bearer " + Fake.Base64Url(40, 1),
        "Authorization: Basic " + B64("user:" + Password(2)),
        "Authorization: Digest username=\"ops\", realm=\"api\", response=\"" + Fake.Hex(32, 3) + "\"",
        "Authorization: Token ${API_TOKEN}",
        "Authorization: Token {{api_token}}",
        "Authorization: Token <your-token>",
        "Authorization header is required for this endpoint",
        "authorization: required",
        "Authorization: Token YOUR_API_TOKEN_GOES_HERE",
        "Authorization: Token abc123",
        "authorizationCode: " + Fake.Hex(40, 4),
        "Authorization: Token 0123456789abcdef0123456789abcdef01234567",
    ];

    [Theory]
    [MemberData(nameof(AuthorizationNearMisses))]
    public void Scan_AuthorizationNearMiss_IsNotReported(string text) => DlpAssert.DoesNotFind(text, DlpDetectorNames.AuthorizationHeader);

    [Fact]
    public void Scan_ProviderTokenInAuthorization_IsNamedAfterTheProvider()
    {
        var token = "sgp_" + Fake.Hex(40, 5);
        DlpAssert.Finds("Authorization: token " + token, DlpDetectorNames.SourcegraphToken, token);
    }

    // --- curl -u / --user ----------------------------------------------------------------------------------------------------

    public static TheoryData<string, string> CurlUsers()
    {
        var data = new TheoryData<string, string>();
        string[] formats =
        [
            "curl -u admin:{0} https://search.internal.test:9200",
            "curl --user 'deploy:{0}' https://repo.internal.test/api",
            "curl -s --user \"ci-bot:{0}\" https://ci.internal.test/job/build",
            "curl --user=svc:{0} https://api.internal.test/v2/health",
            "curl -X POST \\\n  -H 'Content-Type: application/json' \\\n  -u svc_user:{0} \\\n  https://api.internal.test/items",
            "curl -k -u 'ops.team@corp.test:{0}' https://grafana.internal.test/api/dashboards",
            "sh-5.2$ curl -u elastic:{0} -XGET https://localhost:9200/_cluster/health",
            "curl -H \"Accept: application/json\" --user jenkins:{0} https://jenkins.internal.test/api/json",
            "curl -u \":{0}\" https://api.internal.test/v1",
            "CURL -sS -u backup:{0} -T dump.sql ftp://files.internal.test/",
        ];
        for (var i = 0; i < formats.Length; i++)
        {
            var value = Password(300 + i);
            data.Add(Format(formats[i], value), value);
        }

        var key = "rk_" + Fake.Alnum(24, 311);
        data.Add("curl https://api.payments.test/v1/charges -u " + key + ": -d amount=2000", key);
        return data;
    }

    [Theory]
    [MemberData(nameof(CurlUsers))]
    public void Scan_CurlUser_IsFound(string text, string value) => DlpAssert.Finds(text, DlpDetectorNames.CurlCredentials, value);

    public static TheoryData<string> CurlNearMisses() =>
    [
        "curl -u $API_USER:$API_PASS https://api.internal.test",
        "curl -u \"${USER}:${TOKEN}\" https://api.internal.test",
        "curl -u admin https://api.internal.test",
        "curl --user-agent \"bot:1.0\" https://api.internal.test",
        "curl -u user:password https://api.internal.test",
        "curl -u admin:<password> https://api.internal.test",
        "curl -u 'me:changeme' https://api.internal.test",
        "curl -u admin: https://api.internal.test",
        "curl -u {{user}}:{{password}} https://api.internal.test",
        "curl https://api.internal.test/status\n-u admin:" + Password(4),
        "curl -uri-style flags are not curl options",
        "recurl -u admin:" + Password(5),
    ];

    [Theory]
    [MemberData(nameof(CurlNearMisses))]
    public void Scan_CurlNearMiss_IsNotReported(string text) => DlpAssert.DoesNotFind(text, DlpDetectorNames.CurlCredentials);

    // --- Kubernetes Secret manifests -------------------------------------------------------------------------------------

    public static TheoryData<string, string> KubernetesSecrets()
    {
        var data = new TheoryData<string, string>();
        var p = Enumerable.Range(400, 10).Select(s => B64("svc:" + Password(s))).ToArray();
        var plain = Password(420);
        data.Add($"apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  password: {p[0]}\n", p[0]);
        data.Add($"apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  username: {B64("orders")}\n  password: {p[1]}\n  # rotated monthly\n", p[1]);
        data.Add($"apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  DB_PASSWORD: {plain}\n", plain);
        data.Add($"apiVersion: 'v1'\nkind: 'Secret'\ndata:\n  token: '{p[2]}'\n", p[2]);
        data.Add($"apiVersion: v1\ndata:\n\tapi-key: \"{p[3]}\"\nkind: Secret\nmetadata:\n\tname: api\n", p[3]);
        data.Add($"apiVersion: v1\nkind: Secret\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: |\n    {p[4]}\nmetadata:\n  name: registry\n", p[4]);
        data.Add($"{{\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"metadata\": {{\"name\": \"api\"}}, \"data\": {{\"token\": \"{p[5]}\"}}}}", p[5]);
        data.Add($"{{\n  \"kind\": \"Secret\",\n  \"stringData\": {{\n    \"password\": \"{plain}\"\n  }}\n}}", plain);
        data.Add($"apiVersion: v1\r\nkind: Secret\r\nmetadata:\r\n  name: db\r\ndata:\r\n  password: {p[6]}\r\n", p[6]);
        data.Add($"apiVersion: v1\nkind: ConfigMap\ndata:\n  mode: fast\n---\napiVersion: v1\nkind: \"Secret\"\ndata:\n  key: {p[7]}\n", p[7]);
        return data;
    }

    [Theory]
    [MemberData(nameof(KubernetesSecrets))]
    public void Scan_KubernetesSecret_IsFound(string text, string value) => DlpAssert.Finds(text, DlpDetectorNames.KubernetesSecret, value);

    public static TheoryData<string> KubernetesNearMisses()
    {
        var value = B64("svc:" + Password(450));
        return
        [
            $"apiVersion: v1\nkind: ConfigMap\ndata:\n  settings: {value}\n",
            $"apiVersion: secrets-store.csi.x-k8s.io/v1\nkind: SecretProviderClass\ndata:\n  objects: {value}\n",
            $"apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nspec:\n  encryptedData:\n    password: {value}\n",
            "apiVersion: v1\nkind: Secret\ndata:\n  password: {{ .Values.db.password | b64enc }}\n",
            "apiVersion: v1\nkind: Secret\ndata:\n  password: <base64-encoded-password>\n",
            "apiVersion: v1\nkind: Secret\ndata:\n  enabled: dHJ1ZQ==\n",
            "apiVersion: v1\nkind: Secret\ndata:\n  note: not base64 at all!\n",
            "apiVersion: v1\nkind: Secret\nstringData:\n  password: ${DB_PASSWORD}\n",
            $"apiVersion: v1\nkind: Secret\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\ndata:\n  blob: {value}\n",
            "The kind: secret handshake is not a manifest.",
            $"apiVersion: v1\nkind: Secretive\ndata:\n  blob: {value}\n",
        ];
    }

    [Theory]
    [MemberData(nameof(KubernetesNearMisses))]
    public void Scan_KubernetesNearMiss_IsNotReported(string text) => DlpAssert.DoesNotFind(text, DlpDetectorNames.KubernetesSecret);

    [Fact]
    public void Scan_KubernetesSecretWithSeveralValues_FindsEach()
    {
        var a = B64("a:" + Password(460));
        var b = B64("b:" + Password(461));
        var text = $"apiVersion: v1\nkind: Secret\ndata:\n  first: {a}\n  second: {b}\nmetadata:\n  name: pair\n";
        var findings = DlpAssert.Scanner.Scan(text).Where(f => f.Detector == DlpDetectorNames.KubernetesSecret).Select(f => text.Substring(f.Start, f.Length));
        Assert.Equal([a, b], findings);
    }

    // --- Sidekiq, Terraform Cloud, Facebook app tokens -------------------------------------------------------------------

    private static string SidekiqCredential(int seed)
    {
        var random = new Random(seed);
        var chars = new char[17];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = i == 8 ? ':' : "0123456789abcdef"[random.Next(16)];
        }

        return new string(chars);
    }

    public static TheoryData<string, string> SidekiqSecrets()
    {
        var data = new TheoryData<string, string>();
        string[] formats =
        [
            "export BUNDLE_ENTERPRISE__CONTRIBSYS__COM={0}",
            "BUNDLE_GEMS__CONTRIBSYS__COM: \"{0}\"",
            "export BUNDLE_GEMS__CONTRIBSYS__COM = '{0}'",
            "bundle config --local gems.contribsys.com {0}",
            "source \"https://{0}@gems.contribsys.com/\" do",
            "https://{0}@enterprise.contribsys.com",
            "ENV BUNDLE_ENTERPRISE__CONTRIBSYS__COM={0} && bundle install",
            "{{\"BUNDLE_GEMS__CONTRIBSYS__COM\": \"{0}\"}}",
            "http://{0}@gems.contribsys.com:443/path?x=1",
            "bundle_gems__contribsys__com={0};",
        ];
        for (var i = 0; i < formats.Length; i++)
        {
            var value = SidekiqCredential(500 + (i * 2));
            data.Add(Format(formats[i], value), value);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SidekiqSecrets))]
    public void Scan_SidekiqSecret_IsFound(string text, string value) => DlpAssert.Finds(text, DlpDetectorNames.SidekiqSecret, value);

    [Theory]
    [InlineData("export BUNDLE_GEMS__CONTRIBSYS__COM=${SIDEKIQ_CREDENTIALS}")]
    [InlineData("source \"https://gems.contribsys.com/\" do")]
    [InlineData("BUNDLE_GEMS__CONTRIBSYS__COM=00000000:00000000")]
    [InlineData("BUNDLE_GEMS__CONTRIBSYS__COM=abc1234:def5678")]
    [InlineData("BUNDLE_GEMS__CONTRIBSYS__COM=cafe12zz:beef3456")]
    [InlineData("https://user:pass@gems.contribsys.com/")]
    [InlineData("Sidekiq Enterprise is sold by Contribsys; see contribsys.com for pricing")]
    [InlineData("BUNDLE_GEMS__CONTRIBSYS__COM=<username>:<password>")]
    [InlineData("support@contribsys.com wrote back")]
    [InlineData("BUNDLE_GEMS__CONTRIBSYS__COM=1a2b3c4d:5e6f7a8b9c")]
    public void Scan_SidekiqNearMiss_IsNotReported(string text) => DlpAssert.DoesNotFind(text, DlpDetectorNames.SidekiqSecret);

    private static string Terraform(int seed, int idLength = 14, int secretLength = 67) =>
        Fake.LowerAlnum(idLength, seed) + ".atlas" + "v1." + Fake.Base64Url(secretLength, seed + 1);

    public static TheoryData<string, string> TerraformTokens()
    {
        var data = new TheoryData<string, string>();
        string[] formats = ["{0}", "TFE_TOKEN={0}", "token = \"{0}\"", "{{\"token\":\"{0}\"}}", "credentials \"app.terraform.io\" {{\n  token = \"{0}\"\n}}", "export TF_TOKEN_app_terraform_io='{0}'", "Authorization: Bearer {0}", "tfe:\n  token: {0}", "<token>{0}</token>", "using {0} now"];
        for (var i = 0; i < formats.Length; i++)
        {
            var token = Terraform(600 + (i * 2), secretLength: 60 + i);
            data.Add(Format(formats[i], token), token);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TerraformTokens))]
    public void Scan_TerraformCloudToken_IsFound(string text, string value) => DlpAssert.Finds(text, DlpDetectorNames.TerraformCloudToken, value);

    public static TheoryData<string> TerraformNearMisses() =>
    [
        Terraform(1, idLength: 13),
        Terraform(2, idLength: 15),
        Fake.Alnum(14, 3).ToUpperInvariant() + ".atlas" + "v1." + Fake.Base64Url(67, 4),
        Terraform(5, secretLength: 59),
        Terraform(6, secretLength: 71),
        Fake.LowerAlnum(14, 7) + ".atlas" + "v2." + Fake.Base64Url(67, 8),
        Fake.LowerAlnum(14, 9) + ".atlas" + "v1." + new string('x', 67),
        "see docs.atlas" + "v1.example for the format",
        Fake.LowerAlnum(14, 10) + ".atlas" + "v1.${TFE_TOKEN}",
        "terraform login writes a token ending in .atlas" + "v1. to credentials.tfrc.json",
    ];

    [Theory]
    [MemberData(nameof(TerraformNearMisses))]
    public void Scan_TerraformNearMiss_IsNotReported(string text) => DlpAssert.DoesNotFind(text, DlpDetectorNames.TerraformCloudToken);

    private static string FacebookApp(int seed, int idLength = 15, int secretLength = 27) =>
        "1" + Fake.Digits(idLength - 1, seed) + "|" + Fake.Base64Url(secretLength, seed + 1);

    public static TheoryData<string, string> FacebookAppTokens()
    {
        var data = new TheoryData<string, string>();
        string[] formats =
        [
            "facebook {0}", "FACEBOOK_APP_TOKEN={0}", "facebook:\n  app_token: '{0}'", "{{\"facebook\": {{\"token\": \"{0}\"}}}}",
            "Facebook app access token is {0}", "fb = FacebookClient(\"{0}\")", "export FACEBOOK_ACCESS_TOKEN=\"{0}\"",
            "[facebook]\naccess_token = {0}", "GET graph.facebook.com/debug_token?access_token={0}", "facebook_token: {0}",
        ];
        for (var i = 0; i < formats.Length; i++)
        {
            var token = FacebookApp(700 + (i * 2), idLength: 15 + (i % 2));
            data.Add(Format(formats[i], token), token);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FacebookAppTokens))]
    public void Scan_FacebookAppToken_IsFound(string text, string value) => DlpAssert.Finds(text, DlpDetectorNames.FacebookAppToken, value);

    public static TheoryData<string> FacebookNearMisses() =>
    [
        "app token " + FacebookApp(1),
        "facebook " + FacebookApp(2, idLength: 14),
        "facebook " + FacebookApp(3, idLength: 17),
        "facebook " + FacebookApp(4, secretLength: 26),
        "facebook " + FacebookApp(5, secretLength: 28),
        "facebook " + "1" + Fake.Digits(14, 6) + "|" + new string('a', 27),
        "facebook " + new string(' ', 130) + FacebookApp(7),
        "facebook " + FacebookApp(8) + "|" + Fake.Base64Url(5, 9),
        "facebook 12345abc789012345|" + Fake.Base64Url(27, 10),
        "facebook table | " + Fake.Base64Url(27, 11),
    ];

    [Theory]
    [MemberData(nameof(FacebookNearMisses))]
    public void Scan_FacebookAppNearMiss_IsNotReported(string text) => DlpAssert.DoesNotFind(text, DlpDetectorNames.FacebookAppToken);

    private static string SumoId(int seed) => "su" + Fake.Alnum(12, seed);

    public static TheoryData<string, string> SumoLogicAccessIds()
    {
        var data = new TheoryData<string, string>();
        string[] formats =
        [
            "SUMO_ACCESS_ID={0}", "sumologic.accessId = \"{0}\"", "export SUMOLOGIC_ACCESSID='{0}'", "sumologic_access_id: {0}",
            "{{\"sumo\": {{\"accessId\": \"{0}\"}}}}", "provider \"sumologic\" {{\n  access_id = \"{0}\"\n}}", "SumoAccessId {0}",
            "sumo:\n  access_id: {0}", "--sumo-access-id {0}", "[sumo]\naccess = {0}",
        ];
        for (var i = 0; i < formats.Length; i++)
        {
            var value = SumoId(900 + i);
            data.Add(Format(formats[i], value), value);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SumoLogicAccessIds))]
    public void Scan_SumoLogicAccessId_IsFound(string text, string value) => DlpAssert.Finds(text, DlpDetectorNames.SumoLogicAccessId, value);

    public static TheoryData<string> SumoNearMisses() =>
    [
        "access id " + SumoId(1),
        "sumo wrestling id " + SumoId(2),
        "SUMO_ACCESS_ID=" + "su" + Fake.Alnum(11, 3),
        "SUMO_ACCESS_ID=" + "su" + Fake.Alnum(13, 4),
        "SUMO_ACCESS_ID=" + "xy" + Fake.Alnum(12, 5),
        "SUMO_ACCESS_ID=" + "su" + Fake.LowerAlnum(12, 6).Replace('0', 'a').Replace('1', 'b').Replace('2', 'c').Replace('3', 'd').Replace('4', 'e').Replace('5', 'f').Replace('6', 'g').Replace('7', 'h').Replace('8', 'i').Replace('9', 'j'),
        "SUMO_ACCESS_ID=${SUMO_ACCESS_ID}",
        "sumo access " + new string(' ', 130) + SumoId(7),
        "SUMO_ACCESS_ID=" + "su" + new string('a', 12),
        "SUMO_ACCESS_ID=" + "q" + SumoId(8),
    ];

    [Theory]
    [MemberData(nameof(SumoNearMisses))]
    public void Scan_SumoNearMiss_IsNotReported(string text) => DlpAssert.DoesNotFind(text, DlpDetectorNames.SumoLogicAccessId);

    // --- Assignment forms and UUID keys ----------------------------------------------------------------------------------

    public static TheoryData<string, string> CredentialAssignments()
    {
        var data = new TheoryData<string, string>();
        string[] formats =
        [
            "SNYK_TOKEN ::= \"{0}\"", "SERVICE_API_KEY :::= {0}", "SNYK_TOKEN ?= {0}", "API_TOKEN += {0}", "api_key: {0}",
            "utils.GetEnvOrDefault(\"api_token\", \"{0}\")", "os.environ.setdefault('SERVICE_TOKEN', '{0}')", "\"apiKey\": \"{0}\"",
            "export HEROKU_API_KEY={0}", "client_secret = '{0}'",
        ];
        for (var i = 0; i < formats.Length; i++)
        {
            var value = i % 2 == 0 ? Uuid(800 + i) : Fake.Alnum(32, 800 + i);
            data.Add(Format(formats[i], value), value);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CredentialAssignments))]
    public void Scan_CredentialAssignment_IsFound(string text, string value)
    {
        var findings = DlpAssert.Scanner.Scan(text);
        Assert.Contains(findings, f => f.Kind == DlpKind.Secret && text.Substring(f.Start, f.Length).Contains(value, StringComparison.Ordinal));
    }

    public static TheoryData<string> IdentifierNearMisses() =>
    [
        $"request_id = \"{Uuid(1)}\"", $"trace_id: {Uuid(2)}", $"user_id={Uuid(3)}", $"\"correlationId\": \"{Uuid(4)}\"",
        $"session_id ?= {Uuid(5)}", $"cache_key: {Uuid(6)}", $"idempotency_key = \"{Uuid(7)}\"", $"next_page_token = \"{Uuid(8)}\"",
        $"get(\"tenant_id\", \"{Uuid(9)}\")", $"publicToken = \"{Fake.Alnum(43, 10)}\"",
    ];

    [Theory]
    [MemberData(nameof(IdentifierNearMisses))]
    public void Scan_IdentifierAssignment_IsNotReported(string text) => DlpAssert.Clean(text);

    [Theory]
    [InlineData("notes = \"Maven - io.jsonwebtoken:jjwt-impl-0.12.5\"")]
    [InlineData("api_secret: QrStUV4567")]
    [InlineData("SERVICE_ACCESS_KEY={ServiceAccessKey}")]
    [InlineData("callback?access_token=ACCESS_TOKEN&x=1")]
    [InlineData("token: YourPersonalTokenGoesHere")]
    [InlineData("password: \"############\"")]
    [InlineData("api_key = \"lodash@4.17.21\"")]
    [InlineData("secret: react-dom-18.2.0")]
    [InlineData("slack: xoxe.xoxp-1-MyWorkspaceConfigTokenHere")]
    [InlineData("\"token\": \"xoxb-123456789012-123456789012-############\"")]
    [InlineData("client_secret = \"abcdefghijklmnopqrstuvwxyz0123\"")]
    public void Scan_PlaceholderOrPackageValue_IsNotReported(string text) => DlpAssert.Clean(text);

    // --- Hostile input ---------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("kind: Secret\ndata:\n")]
    [InlineData("  k: |\n")]
    [InlineData("curl -u ")]
    [InlineData("curl \\\n")]
    [InlineData("Authorization: Token ")]
    [InlineData("<add key=\"Password\" ")]
    [InlineData("contribsys")]
    [InlineData(".atlasv1.")]
    [InlineData("A3-")]
    [InlineData("facebook 1")]
    [InlineData("(\"api_token\", ")]
    [InlineData("FOO ::")]
    public void Scan_MegabyteOfRepeatedNewAnchors_Completes(string unit)
    {
        var builder = new StringBuilder(1 << 20);
        while (builder.Length < 1 << 20)
        {
            builder.Append(unit);
        }

        var text = builder.ToString();
        var findings = DlpAssert.Scanner.Scan(text);
        for (var i = 1; i < findings.Count; i++)
        {
            Assert.True(findings[i].Start >= findings[i - 1].End, "findings overlap");
        }
    }
}
