namespace AgentGuard.Core.Tests.Dlp;

/// <summary>True positives (each detector, ten contexts) and tricky near-misses for the secret detectors.</summary>
public sealed class SecretDetectorTests
{
    private const string Akia = "AK" + "IA";

    private static readonly string[] Contexts =
    [
        "{0}",
        "credential={0}",
        "export APP_KEY=\"{0}\"",
        "{{\"credential\": \"{0}\"}}",
        "Please use {0} for the deploy.",
        "'{0}',",
        "first line\nsecond line {0}\nthird",
        "\"note\": \"see\\n{0}\\nbelow\"",
        "(<{0}>)",
        "value: `{0}`;",
    ];

    public static TheoryData<string, string, string> TruePositives()
    {
        var data = new TheoryData<string, string, string>();
        void Add(string detector, Func<int, string> make) => AddPair(detector, i => (make(i), make(i)));
        void AddPair(string detector, Func<int, (string Embedded, string Expected)> make)
        {
            for (var i = 0; i < Contexts.Length; i++)
            {
                var (embedded, expected) = make(i);
                data.Add(detector, string.Format(System.Globalization.CultureInfo.InvariantCulture, Contexts[i], embedded), expected);
            }
        }

        string[] awsPrefixes = [Akia, "AS" + "IA", "AB" + "IA", "A3" + "TA", Akia, "AS" + "IA", "A3" + "TB", Akia, Akia, "AS" + "IA"];
        Add(DlpDetectorNames.AwsAccessKeyId, i => Fake.AwsKeyId(i, awsPrefixes[i]));
        Add(DlpDetectorNames.GoogleApiKey, i => "AI" + "za" + Fake.Base64Url(35, i));
        Add(DlpDetectorNames.GitHubPersonalAccessToken, i => "gh" + "p_" + Fake.Alnum(36, i));
        Add(DlpDetectorNames.GitHubOAuthToken, i => "gh" + "o_" + Fake.Alnum(36, i + 100));
        Add(DlpDetectorNames.GitHubAppToken, i => (i % 2 == 0 ? "gh" + "u_" : "gh" + "s_") + Fake.Alnum(36, i + 200));
        Add(DlpDetectorNames.GitHubFineGrainedToken, i => "github" + "_pat_" + Fake.Alnum(22, i) + "_" + Fake.Alnum(59, i + 1));
        Add(DlpDetectorNames.GitLabToken, i => (i % 3 == 0 ? "gl" + "pat-" : i % 3 == 1 ? "gl" + "dt-" : "gl" + "rt-") + Fake.Base64Url(20 + i, i));
        Add(DlpDetectorNames.SlackToken, i => "xo" + (i % 2 == 0 ? "xb-" : "xp-") + Fake.Digits(12, i) + "-" + Fake.Digits(13, i + 1) + "-" + Fake.Alnum(24, i));
        Add(DlpDetectorNames.SlackWebhook, i => "hooks" + ".slack.com/services/T" + Fake.Of(Fake.UpperChars + Fake.DigitChars, 9, i) + "/B" + Fake.Of(Fake.UpperChars + Fake.DigitChars, 10, i) + "/" + Fake.Alnum(24, i));
        Add(DlpDetectorNames.StripeKey, i => (i % 2 == 0 ? "sk" + "_live_" : "rk" + "_test_") + Fake.Alnum(24 + (i * 7), i));
        Add(DlpDetectorNames.OpenAIApiKey, i => i % 2 == 0
            ? "sk-" + "proj-" + Fake.Base64Url(58, i) + "T3Blbk" + "FJ" + Fake.Base64Url(58, i + 1)
            : "sk-" + Fake.Alnum(20, i) + "T3Blbk" + "FJ" + Fake.Alnum(20, i + 1));
        Add(DlpDetectorNames.AnthropicApiKey, i => "sk-" + "ant-" + "api03-" + Fake.Base64Url(93, i) + "AA");
        Add(DlpDetectorNames.NpmToken, i => "np" + "m_" + Fake.Alnum(36, i + 300));
        Add(DlpDetectorNames.NuGetApiKey, i => "oy" + "2" + Fake.LowerAlnum(43, i));
        Add(DlpDetectorNames.Jwt, i => Fake.Jwt(i));
        Add(DlpDetectorNames.AgentGuardHandle, i => "agh" + "_" + Fake.Base64Url(22 + i, i));
        AddPair(DlpDetectorNames.AzureStorageAccountKey, i =>
        {
            var key = Fake.Base64(86, i) + "==";
            return ($"DefaultEndpointsProtocol=https;AccountName=acct{i};AccountKey={key};EndpointSuffix=core.windows.net", key);
        });
        Add(DlpDetectorNames.SendGridApiKey, i => "SG" + "." + Fake.Base64Url(22, i) + "." + Fake.Base64Url(43, i + 1));
        return data;
    }

    public static TheoryData<string, string> NearMisses()
    {
        var data = new TheoryData<string, string>();
        void Add(string detector, params string[] texts)
        {
            Assert.True(texts.Length >= 10, $"{detector} needs ten near-misses");
            foreach (var text in texts)
            {
                data.Add(detector, text);
            }
        }

        var body16 = Fake.UpperBase32(16, 1);
        Add(DlpDetectorNames.AwsAccessKeyId,
            Akia + "IOSFODNN7" + "EXAMPLE",                       // AWS's documented placeholder
            Akia.ToLowerInvariant() + body16,                     // wrong case
            Akia + body16[..15],                                  // one character short
            Akia + body16 + "Q",                                  // one too many: part of a longer token
            "X" + Akia + body16,                                  // inside a word
            Akia + new string('X', 16),                           // no entropy
            Akia + body16[..8].ToLowerInvariant() + body16[8..],  // lower case body
            Akia + body16[..10] + "-" + body16[10..],             // broken by a dash
            "AKIB" + body16,                                      // unknown prefix
            "arn:aws:iam::123456789012:user/" + Akia.ToLowerInvariant(),
            "AI" + "DA" + body16,                                 // a user's unique id, not a credential
            "AR" + "OA" + body16);                                // a role's unique id, not a credential
        var gh = Fake.Alnum(36, 9);
        Add(DlpDetectorNames.GitHubPersonalAccessToken,
            "GHP_" + gh, "gh" + "p_" + gh[..35], "gh" + "p_" + gh + "x", "xgh" + "p_" + gh, "gh" + "p_" + new string('a', 36),
            "gh" + "p_" + gh[..20] + "-" + gh[20..], "gh" + "p_", "ghp-" + gh, "gh" + "p__" + gh[..35], "the ghp_ prefix marks classic tokens");
        var slackTail = Fake.Digits(12, 4) + "-" + Fake.Digits(13, 5) + "-" + Fake.Alnum(24, 6);
        Add(DlpDetectorNames.SlackToken,
            "XOXB-" + slackTail, "xo" + "xb-", "xo" + "xb-abc", "xo" + "xb-" + new string('a', 40), "axo" + "xb-" + slackTail,
            "xo" + "xz-" + slackTail, "xo" + "xb_" + slackTail, "xox-" + slackTail, "xo" + "xb-" + Fake.Alnum(30, 2), "use xoxb- tokens for bots");
        var stripe = Fake.Alnum(24, 3);
        Add(DlpDetectorNames.StripeKey,
            "pk" + "_live_" + stripe, "sk" + "_live_" + stripe[..9], "SK" + "_LIVE_" + stripe, "xsk" + "_live_" + stripe, "sk" + "_live_" + new string('0', 24),
            "sk" + "_dev_" + stripe, "sk" + "-live-" + stripe, "sk" + "_live_" + stripe + "_" + stripe, "task_live_" + stripe, "ask_live_" + stripe);
        var jwtHeader = Fake.Base64UrlOf("{\"alg\":\"HS256\"}");
        var jwtPayload = Fake.Base64UrlOf("{\"sub\":\"1\"}");
        Add(DlpDetectorNames.Jwt,
            jwtHeader + "." + jwtPayload,                                                  // two segments
            Fake.Base64UrlOf("{\"typ\":\"JWT\"}") + "." + jwtPayload + "." + Fake.Base64Url(43, 1), // no alg
            Fake.Base64UrlOf("[\"alg\"]") + "." + jwtPayload + "." + Fake.Base64Url(43, 1),  // header not an object
            "eyJ" + Fake.Base64Url(20, 2) + "." + jwtPayload + "." + Fake.Base64Url(43, 1), // header not JSON
            jwtHeader + "." + Fake.Base64UrlOf("not json at all") + "." + Fake.Base64Url(43, 1), // payload not JSON
            "x" + jwtHeader + "." + jwtPayload + "." + Fake.Base64Url(43, 1),              // inside a word
            "eyJ",
            "eyJ.eyJ.eyJ",
            jwtHeader + ".." + Fake.Base64Url(43, 1),
            "EYJ" + jwtHeader[3..] + "." + jwtPayload + "." + Fake.Base64Url(43, 1));
        Add(DlpDetectorNames.PrivateKey,
            "-----BEGIN RSA PRIVATE KEY-----",
            "-----BEGIN RSA PRIVATE KEY-----\n-----END RSA PRIVATE KEY-----",
            "-----BEGIN PUBLIC KEY-----\n" + Fake.Base64(64, 1) + "\n" + Fake.Base64(64, 2) + "\n-----END PUBLIC KEY-----",
            "-----BEGIN CERTIFICATE-----\n" + Fake.Base64(64, 1) + "\n" + Fake.Base64(64, 2) + "\n-----END CERTIFICATE-----",
            "if (line.StartsWith(\"-----BEGIN PRIVATE KEY-----\")) { parse(); }",
            "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----",
            "-----BEGIN OPENSSH PRIVATE KEY----- (redacted) -----END OPENSSH PRIVATE KEY-----",
            "-----BEGIN private key-----\n" + Fake.Base64(64, 1) + "\n" + Fake.Base64(64, 2),
            "----BEGIN RSA PRIVATE KEY----\n" + Fake.Base64(64, 1) + "\n" + Fake.Base64(64, 2),
            "-----BEGIN ENCRYPTED MESSAGE-----\n" + Fake.Base64(64, 1) + "\n" + Fake.Base64(64, 2));
        Add(DlpDetectorNames.UrlCredentials,
            "postgres://app:password@db:5432/x", "postgres://app:${DB_PASS}@db/x", "https://user:@host/x", "https://example.com:8080/path@x",
            "postgres://db.internal:5432/app", "mongodb://user:<password>@cluster0/x", "redis://:****@cache:6379", "http://host:80@evil",
            "see http://a.b/c?x=1:2@3", "ftp://anonymous:xxxxxxxx@ftp.host/");
        Add(DlpDetectorNames.ConnectionStringPassword,
            "Server=db;Database=app;User Id=sa;Password=;", "Server=db;Database=app;User Id=sa;Password={your_password};",
            "Password=S3cr3tValue!", "password=hunter22 without any connection context",
            "Server=db;Database=app;Integrated Security=true;", "Server=db;User Id=sa;Password=${DB_PASSWORD};",
            "Server=db;User Id=sa;Password=********;", "db_password=abc;server=x", "Server=db;User Id=sa;Pwd=<secret>;",
            "Server=db;User Id=sa;Password=xx;");
        Add(DlpDetectorNames.GenericSecret,
            "password = \"\"", "password = \"changeme\"", "token = get_token()", "secret: ${SECRET}", "api_key = os.environ[\"API_KEY\"]",
            "password = self.password", "next_page_token = \"AbCdEf123456GhIj\"", "the token expired; pass the secret along",
            "\"token_type\": \"Bearer\"", "\"max_tokens\": \"4096\"", "password_hint = \"your pets name\"", "secret = \"string\"",
            "api_key: <your-api-key>", "password=xxxxxxxxxx", "token = null", "version = \"1.2.3-beta4\"");
        Add(DlpDetectorNames.AgentGuardHandle,
            "agh" + "_" + Fake.Base64Url(21, 1), "AGH_" + Fake.Base64Url(24, 1), "xagh" + "_" + Fake.Base64Url(24, 1), "agh" + "_", "agh" + "-" + Fake.Base64Url(24, 1),
            "agh" + "_ " + Fake.Base64Url(24, 1), "flagh" + "_" + Fake.Base64Url(24, 1), "agh" + "." + Fake.Base64Url(24, 1), "the agh_ prefix marks handles", "agh" + "_" + Fake.Base64Url(10, 1) + " " + Fake.Base64Url(12, 2));
        return data;
    }

    [Theory]
    [MemberData(nameof(TruePositives))]
    public void Scan_TruePositive_FindsExactValue(string detector, string text, string expected) =>
        DlpAssert.Finds(text, detector, expected);

    [Theory]
    [MemberData(nameof(NearMisses))]
    public void Scan_NearMiss_DoesNotReport(string detector, string text) =>
        DlpAssert.DoesNotFind(text, detector);

    [Fact]
    public void Scan_AwsSecretNextToKeyword_FindsSecretWithHighConfidence()
    {
        for (var i = 0; i < 10; i++)
        {
            var secret = Fake.AwsSecret(i);
            string[] texts =
            [
                $"aws_secret_access_key = {secret}", $"AWS_SECRET_ACCESS_KEY=\"{secret}\"", $"{{\"SecretAccessKey\": \"{secret}\"}}",
                $"aws secret: {secret}", $"secret-access-key {secret}",
            ];
            var detection = DlpAssert.Finds(texts[i % texts.Length], DlpDetectorNames.AwsSecretAccessKey, secret);
            Assert.Equal(DlpConfidence.High, detection.Confidence);
        }
    }

    [Fact]
    public void Scan_AwsSecretNearKeyId_FindsBoth()
    {
        var id = Fake.AwsKeyId(5);
        var secret = Fake.AwsSecret(5);
        var text = $"[default]\nkey = {id}\nvalue = {secret}\n";
        DlpAssert.Finds(text, DlpDetectorNames.AwsAccessKeyId, id);
        Assert.Equal(DlpConfidence.Medium, DlpAssert.Finds(text, DlpDetectorNames.AwsSecretAccessKey, secret).Confidence);
    }

    [Theory]
    [InlineData("commit 3f786850e387550fdab836ed7e6dc881de23001b in aws_secret_access_key rotation")]
    [InlineData("aws_secret_access_key: ${AWS_SECRET_ACCESS_KEY}")]
    [InlineData("aws_secret_access_key = <secret>")]
    [InlineData("the aws secret access key is stored in the vault under /prod/app")]
    public void Scan_AwsSecretKeywordWithoutKey_DoesNotReport(string text) =>
        DlpAssert.DoesNotFind(text, DlpDetectorNames.AwsSecretAccessKey);

    [Fact]
    public void Scan_AwsSecretBase64OfText_DoesNotReport()
    {
        // 30 bytes of plain English encode to exactly 40 base64 characters.
        var encoded = Convert.ToBase64String("Hello there, this is plain txt"u8.ToArray());
        Assert.Equal(40, encoded.Length);
        DlpAssert.DoesNotFind($"aws_secret_access_key = {encoded}", DlpDetectorNames.AwsSecretAccessKey);
    }

    [Theory]
    [InlineData("RSA PRIVATE KEY")]
    [InlineData("EC PRIVATE KEY")]
    [InlineData("OPENSSH PRIVATE KEY")]
    [InlineData("PRIVATE KEY")]
    [InlineData("ENCRYPTED PRIVATE KEY")]
    [InlineData("DSA PRIVATE KEY")]
    [InlineData("PGP PRIVATE KEY BLOCK")]
    public void Scan_PemPrivateKey_FindsWholeBlock(string label)
    {
        var pem = Fake.Pem(label.Length, label);
        DlpAssert.Finds($"key:\n{pem}\ntrailer", DlpDetectorNames.PrivateKey, pem);
        var escaped = Fake.Pem(label.Length, label, newline: "\\n");
        DlpAssert.Finds($"{{\"private_key\": \"{escaped}\"}}", DlpDetectorNames.PrivateKey, escaped);
    }

    [Fact]
    public void Scan_TruncatedPemWithKeyMaterial_StillReports()
    {
        var truncated = "-----BEGIN RSA PRIVATE KEY-----\n" + Fake.Base64(64, 1) + "\n" + Fake.Base64(64, 2);
        DlpAssert.Finds(truncated + "\n", DlpDetectorNames.PrivateKey, truncated);
    }

    [Theory]
    [InlineData("postgres", "postgres://app:{0}@db.internal:5432/orders")]
    [InlineData("postgresql", "DATABASE_URL=postgresql://app:{0}@10.0.0.5/orders?sslmode=require")]
    [InlineData("mysql", "mysql://root:{0}@localhost:3306/db")]
    [InlineData("mongodb+srv", "mongodb+srv://svc:{0}@cluster0.abcde.mongodb.net/test")]
    [InlineData("redis", "\"url\": \"redis://default:{0}@cache:6379/0\"")]
    [InlineData("amqp", "amqp://guest2:{0}@rabbit:5672/")]
    [InlineData("jdbc", "jdbc:mysql://app:{0}@db:3306/x")]
    [InlineData("https", "git clone https://deploy:{0}@git.example.org/r.git")]
    [InlineData("ftp", "ftp://ops:{0}@files.corp.local/in")]
    [InlineData("smtp", "smtp://mailer:{0}@smtp.corp.local:587")]
    public void Scan_UrlWithPassword_FindsPasswordOnly(string scheme, string template)
    {
        var password = Fake.Alnum(14, scheme.Length) + "!";
        DlpAssert.Finds(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, password), DlpDetectorNames.UrlCredentials, password);
    }

    [Theory]
    [InlineData("Server=tcp:db.corp,1433;Initial Catalog=app;User ID=svc;Password={0};Encrypt=True;")]
    [InlineData("Data Source=db;Initial Catalog=app;User Id=sa;Password='{0}';")]
    [InlineData("Host=pg;Port=5432;Database=app;Username=svc;Password={0}")]
    [InlineData("Driver={{ODBC Driver 18}};Server=db;Uid=svc;Pwd={{{0}}};")]
    [InlineData("server=db; user id=svc; password = {0}; database=app")]
    [InlineData("Provider=SQLOLEDB;Data Source=db;User Id=sa;PASSWORD={0};")]
    [InlineData("\"ConnectionString\": \"Server=db;Database=app;User Id=sa;Password={0};\"")]
    [InlineData("dsn=prod;uid=report;pwd={0};")]
    [InlineData("Endpoint=db;User=svc;Password=\"{0}\";")]
    [InlineData("Address=10.1.1.1;Database=x;User Id=a;Password={0};Pooling=true")]
    public void Scan_ConnectionString_FindsPasswordValue(string template)
    {
        var password = Fake.Alnum(12, template.Length) + "#9";
        DlpAssert.Finds(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, password), DlpDetectorNames.ConnectionStringPassword, password);
    }

    [Theory]
    [InlineData("password = \"{0}\"")]
    [InlineData("DB_PASSWORD={0}")]
    [InlineData("\"client_secret\": \"{0}\"")]
    [InlineData("apiKey: '{0}'")]
    [InlineData("x-api-key: {0}")]
    [InlineData("--token {0}")]
    [InlineData("<password>{0}</password>")]
    [InlineData("const authToken := \"{0}\"")]
    [InlineData("{{\\\"secret\\\": \\\"{0}\\\"}}")]
    [InlineData("SMTP_PASS={0}")]
    public void Scan_SecretAssignment_FindsValue(string template)
    {
        var value = Fake.Alnum(18, template.Length) + "-x";
        DlpAssert.Finds(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, value), DlpDetectorNames.GenericSecret, value);
    }

    [Fact]
    public void Scan_HttpAuthorization_FindsBearerAndBasic()
    {
        var token = Fake.Base64Url(40, 7);
        DlpAssert.Finds($"Authorization: Bearer {token}", DlpDetectorNames.BearerToken, token);
        var basic = Convert.ToBase64String("svc-user:"u8.ToArray().Concat(System.Text.Encoding.ASCII.GetBytes(Fake.Alnum(12, 1))).ToArray());
        DlpAssert.Finds($"Authorization: Basic {basic}", DlpDetectorNames.BasicAuth, basic);
        DlpAssert.DoesNotFind("the bearer of this letter", DlpDetectorNames.BearerToken);
        DlpAssert.DoesNotFind("Authorization: Bearer <token>", DlpDetectorNames.BearerToken);
        DlpAssert.DoesNotFind("Basic " + Convert.ToBase64String("no colon here"u8.ToArray()), DlpDetectorNames.BasicAuth);
    }

    [Fact]
    public void Scan_AzureSecrets_FindValues()
    {
        var sharedKey = Fake.Base64(43, 2) + "=";
        DlpAssert.Finds($"Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey={sharedKey}", DlpDetectorNames.AzureSharedAccessKey, sharedKey);
        var sig = Fake.Base64Url(43, 3).Replace("-", "%2B", StringComparison.Ordinal).Replace("_", "%2F", StringComparison.Ordinal) + "%3D";
        DlpAssert.Finds($"https://acct.blob.core.windows.net/c/b?sv=2022-11-02&se=2026-01-01&sr=b&sp=r&sig={sig}", DlpDetectorNames.AzureSasToken, sig);
        var clientSecret = Fake.Alnum(3, 4) + "8Q~" + Fake.Base64Url(34, 5).Replace('-', '.');
        DlpAssert.Finds($"client_secret={clientSecret}", DlpDetectorNames.AzureAdClientSecret, clientSecret);
        DlpAssert.DoesNotFind("AccountKey=" + Fake.Base64(40, 1), DlpDetectorNames.AzureStorageAccountKey);
        DlpAssert.DoesNotFind("see sig=" + Fake.Base64(43, 1) + " without a SAS", DlpDetectorNames.AzureSasToken);
    }

    [Fact]
    public void Scan_GitHubTokenWithValidChecksum_ReportsHighConfidence()
    {
        var random = Fake.Alnum(30, 42);
        var crc = Checksums.Crc32(random);
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        var suffix = new char[6];
        for (var i = 5; i >= 0; i--)
        {
            suffix[i] = alphabet[(int)(crc % 62)];
            crc /= 62;
        }

        var valid = "gh" + "p_" + random + new string(suffix);
        Assert.Equal(DlpConfidence.High, DlpAssert.Finds(valid, DlpDetectorNames.GitHubPersonalAccessToken, valid).Confidence);
        var invalid = "gh" + "p_" + random + "AAAAAA";
        Assert.Equal(DlpConfidence.Medium, DlpAssert.Finds(invalid, DlpDetectorNames.GitHubPersonalAccessToken, invalid).Confidence);
    }

    [Fact]
    public void Scan_UnsignedJwt_ReportsMediumConfidence()
    {
        var jwt = Fake.Base64UrlOf("{\"alg\":\"none\"}") + "." + Fake.Base64UrlOf("{\"sub\":\"x\"}") + ".";
        Assert.Equal(DlpConfidence.Medium, DlpAssert.Finds($"token {jwt} end", DlpDetectorNames.Jwt, jwt).Confidence);
    }

    [Theory]
    [InlineData("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")]
    [InlineData("{\"typ\":\"JWT\",\r\n\"alg\":\"HS256\"}")]
    [InlineData("{\"alg\":\"none\"}")]
    [InlineData("{\"alg\":\"RS256\",\"kid\":\"k1\"}")]
    [InlineData("{\"alg\":\"ES256\"}")]
    public void Scan_TwoPartJwtWithoutSignature_ReportsMediumConfidence(string header)
    {
        var jwt = Fake.Base64UrlOf(header) + "." + Fake.Base64UrlOf("{\"sub\":\"1234567890\",\"name\":\"Jo\",\"iat\":1516239022}");
        foreach (var context in new[] { "{0}", "Authorization: Bearer {0}", "token={0}&x=1", "\"jwt\": \"{0}\"" })
        {
            var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, context, jwt);
            Assert.Equal(DlpConfidence.Medium, DlpAssert.Finds(text, DlpDetectorNames.Jwt, jwt).Confidence);
        }
    }

    [Fact]
    public void Scan_TwoPartJwtNearMisses_AreNotReported()
    {
        var header = Fake.Base64UrlOf("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        var payload = Fake.Base64UrlOf("{\"sub\":\"1234567890\",\"iat\":1516239022}");
        DlpAssert.DoesNotFind(header, DlpDetectorNames.Jwt);                                                  // a header alone
        DlpAssert.DoesNotFind(header + "." + Fake.Base64UrlOf("not json at all, just text"), DlpDetectorNames.Jwt); // payload not JSON
        DlpAssert.DoesNotFind(Fake.Base64UrlOf("{\"typ\":\"JWT\"}") + "." + payload, DlpDetectorNames.Jwt);     // no alg
        DlpAssert.DoesNotFind(header + "." + Fake.Base64UrlOf("{}"), DlpDetectorNames.Jwt);                    // a payload too short to carry claims
        DlpAssert.DoesNotFind(header + "." + payload + "\u00e9", DlpDetectorNames.Jwt);                        // glued to a word
        DlpAssert.DoesNotFind("eyJBB.eyJCC", DlpDetectorNames.Jwt);
    }

    [Theory]
    [InlineData("if (api_key != \"{0}\") {{")]
    [InlineData("if (api_key !== \"{0}\") {{")]
    [InlineData("if (aws_secret_access_key === \"{0}\") {{")]
    [InlineData("if (db_pass == \"{0}\")")]
    [InlineData("assert token == '{0}'")]
    [InlineData("password = \"{0}\"")]
    [InlineData("secret: '{0}'")]
    [InlineData("apikey := `{0}`")]
    [InlineData("password => \"{0}\"")]
    [InlineData("StorageAccountKey: \"{0}\"")]
    public void Scan_SecretWithBracketsAndSymbols_IsFound(string layout)
    {
        // Brackets and sigils in a random password are not a template reference when what they enclose is not a name.
        const string value = "m{{h}o)p${e]nob(ody[fi>-_$#thisone}}";
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, layout, value);
        DlpAssert.Finds(text, DlpDetectorNames.GenericSecret, value);
    }

    [Theory]
    [InlineData("password = \"${DB_PASSWORD}\"")]
    [InlineData("api_key: \"{{ .Values.apiKey }}\"")]
    [InlineData("token: \"${{ secrets.DEPLOY_TOKEN }}\"")]
    [InlineData("secret = \"#{Octopus.Action.Secret}\"")]
    [InlineData("password = \"$(cat /run/secrets/db)\"")]
    [InlineData("password = \"%(db_password)s\"")]
    [InlineData("api_key = \"<your-api-key>\"")]
    [InlineData("password = \"prefix-${env:DB_PASSWORD}\"")]
    [InlineData("if (password != confirmPassword) {")]
    [InlineData("if (token === undefined) {")]
    public void Scan_TemplateReferenceOrComparisonWithCode_NotFound(string text) =>
        DlpAssert.DoesNotFind(text, DlpDetectorNames.GenericSecret);

    [Theory]
    [InlineData("password = {0},")]
    [InlineData("db_pass := {0}")]
    [InlineData("secret: {0}'")]
    [InlineData("if (\"{0}\" == password) {{")]
    [InlineData("if ('{0}' !== api_token) {{")]
    [InlineData("if (\"{0}\" === db_password)")]
    [InlineData("password = @\"{0}\";")]
    [InlineData("char secret[25] = \"{0}\";")]
    [InlineData("secrete[] = \"{0}\";")]
    [InlineData("private_key = {0};")]
    public void Scan_SecretInCodeForms_IsFound(string layout)
    {
        const string value = "m{{h}o)p${e]nob(ody[fi>-_$#thisone}}";
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, layout, value);
        DlpAssert.Finds(text, DlpDetectorNames.GenericSecret, value);
    }

    [Theory]
    [InlineData("connect(password=Xk12mQ2vLp9z) and more")]
    [InlineData("f(token={0})")]
    [InlineData("if (\"\" == password) {{")]
    [InlineData("if (\"changeme\" == password) {{")]
    [InlineData("if (password == other_password) {{")]
    [InlineData("if (\"Xk12mQ2vLp9zT\" = password) {{")]
    [InlineData("label \"Xk12mQ2vLp9zT\", password")]
    [InlineData("secret[abc] = \"{0}\"")]
    [InlineData("password = (getPassword())")]
    [InlineData("password = {{secretRef}}")]
    public void Scan_CodeFormsNearMiss_NotFound(string layout)
    {
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, layout, "${VALUE}");
        var findings = DlpAssert.Scanner.Scan(text).Where(f => f.Detector == DlpDetectorNames.GenericSecret).Select(f => text.Substring(f.Start, f.Length));
        Assert.DoesNotContain(findings, f => f.Contains('{', StringComparison.Ordinal) || f.Contains('(', StringComparison.Ordinal) || f.Length < 8 || f == "changeme");
    }

    [Theory]
    [InlineData(600)]
    [InlineData(1000)]
    [InlineData(2000)]
    public void Scan_LongTokenAssignedToSecretName_IsFound(int length)
    {
        var value = Fake.Base64Url(length / 2, length) + "." + Fake.Base64Url(length - (length / 2) - 1, length + 1);
        DlpAssert.Finds($"api_token = '{value}'", DlpDetectorNames.GenericSecret, value);
        DlpAssert.DoesNotFind($"api_token = '{value}{Fake.Base64Url(2100, 2)}'", DlpDetectorNames.GenericSecret); // longer than any token
    }

    [Theory]
    [InlineData("token = ' {0} '")]
    [InlineData("secret = \"  {0}\"")]
    [InlineData("password: '{0}   '")]
    public void Scan_SpacesInsideQuotes_AreNotPartOfTheSecret(string layout)
    {
        var value = Fake.Alnum(40, layout.Length);
        DlpAssert.Finds(string.Format(System.Globalization.CultureInfo.InvariantCulture, layout, value), DlpDetectorNames.GenericSecret, value);
    }

    [Fact]
    public void Scan_LongDottedValueStartingWithDigits_IsNotAVersion()
    {
        var value = "1000." + Fake.Hex(32, 1) + "." + Fake.Hex(32, 2);
        DlpAssert.Finds($"zoho_token = '{value}'", DlpDetectorNames.GenericSecret, value);
        DlpAssert.DoesNotFind("api_token = '1.2.3'", DlpDetectorNames.GenericSecret);
        DlpAssert.DoesNotFind("secret_version = '2024-05-01T12:34:56.123456Z'", DlpDetectorNames.GenericSecret);
        DlpAssert.DoesNotFind("token = '10.2.33-beta.4'", DlpDetectorNames.GenericSecret);
    }

    [Theory]
    [InlineData("os.environ[\"OPENAI_API_KEY\"] = '{0}'", true)]
    [InlineData("config['db_password'] = \"{0}\"", true)]
    [InlineData("process.env[\"API_TOKEN\"] = \"{0}\";", true)]
    [InlineData("$_ENV['SECRET'] = '{0}';", true)]
    [InlineData("settings[\"client_secret\"]=\"{0}\"", true)]
    [InlineData("headers[\"x-api-key\"] = '{0}'", true)]
    [InlineData("row[\"token\"] == \"{0}\"", true)]
    [InlineData("values[\"password\"] + \"{0}\"", false)]
    [InlineData("[\"password\"]: ['{0}']", false)]
    [InlineData("print(env[\"API_TOKEN\"])  # {0}", false)]
    public void Scan_IndexAssignmentOfSecretName_IsFoundWhenAssigned(string layout, bool found)
    {
        var value = Fake.Alnum(32, layout.Length);
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, layout, value);
        if (found)
        {
            DlpAssert.Finds(text, DlpDetectorNames.GenericSecret, value);
        }
        else
        {
            DlpAssert.DoesNotFind(text, DlpDetectorNames.GenericSecret);
        }
    }
}
