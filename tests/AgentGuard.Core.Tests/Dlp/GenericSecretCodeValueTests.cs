namespace AgentGuard.Core.Tests.Dlp;

/// <summary>Unquoted code after a secret-sounding name (calls, indexers, type annotations, identifiers) is no secret; the
/// values seen in real source (Semantic Kernel, .NET Extensions) were reported before these rules.</summary>
public sealed class GenericSecretCodeValueTests
{
    [Theory]
    [InlineData("    credential = AzureCliCredential()\n")]
    [InlineData("\"    chat = AzureChatCompletion(service_id=service_id, credential=AzureCliCredential()),\\n\",")]
    [InlineData("        api_key: Optional[str] = None,\n        api_version: str | None = None,")]
    [InlineData("credential: Optional[Union[AzureKeyCredential, TokenCredential]] = None,")]
    [InlineData("client_secret_credential = ClientSecretCredential(tenant_id=tenant_id, client_id=client_id)")]
    [InlineData("var apiKey = configRoot[\"A2AClient:ApiKey\"] ?? throw new InvalidOperationException();")]
    [InlineData("apiKey: builder.Configuration[$\"{OpenAIOptions.SectionName}:ApiKey\"]!,")]
    [InlineData("apiKey: TestConfiguration.OpenAI.ApiKey!,")]
    [InlineData("Task RunAsync(CancellationToken cancellationToken = default!)")]
    [InlineData("Task RunAsync(CancellationToken? cancellationToken = default*/);")]
    [InlineData("        _cancellationToken = cancellationToken;\n")]
    [InlineData("    async def handle(self, cancellation_token: CancellationToken,\n    ) -> None:")]
    [InlineData("    private readonly List<IChangeToken> _changeTokens = new();")]
    [InlineData("        ChangeToken = changeToken;\n")]
    [InlineData("            apiKey = SingleSpace;\n")]
    [InlineData("    .AddOpenAIChatCompletion(modelId: openAIModelId, apiKey: openAIApiKey)")]
    [InlineData("        this.AppClientSecret = appClientSecret;\n")]
    [InlineData("    password: RestApiOAuthFlow | None = None\n")]
    [InlineData("azure_credential: AsyncAzureCliCredential | None = None")]
    [InlineData("nuget sources add --username GITHUBUSERNAME --password GITHUBPERSONALACCESSTOKEN --store-password-in-clear-text")]
    [InlineData("internal sealed class TextGenerationToken : TextGenerationPrefillToken")]
    [InlineData("public readonly struct AsyncStateToken : IEquatable<AsyncStateToken>")]
    public void Scan_CodeAfterSecretName_NotReported(string text) =>
        DlpAssert.DoesNotFind(text, DlpDetectorNames.GenericSecret);

    [Theory]
    [InlineData("\"minipass\": \"^5.0.0 || ^6.0.2 || ^7.0.0\"")]
    [InlineData("\"compass-lite\": \">=1.2.0 <2.0.0\"")]
    [InlineData("bypass_version = ~1.2.x")]
    [InlineData("<Reference Include=\"System\" PublicKeyToken=\"31bf3856ad364e35\" />")]
    [InlineData("System.Runtime, Version=8.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a")]
    public void Scan_VersionRangeOrPublicKeyToken_NotReported(string text) =>
        DlpAssert.DoesNotFind(text, DlpDetectorNames.GenericSecret);

    [Theory]
    [InlineData("        credential: Optional[\"TokenCredential\"] = None\n")]
    [InlineData("def create_client(credential: \"AsyncTokenCredential\", endpoint: str | None = None):")]
    [InlineData("        public const string MaxToken = \"gen_ai.request.max_tokens\";")]
    [InlineData("    type: Annotated[Literal[\"AccessToken\", \"access_token\"], AfterValidator(to_snake)]")]
    [InlineData("\"args\": [\"run\", \"-i\", \"--rm\", \"-e\", \"GITHUB_PERSONAL_ACCESS_TOKEN\", \"ghcr.io/github/github-mcp-server\"]")]
    [InlineData("DB_PASSWORD_FILE: /run/secrets/db_password")]
    [InlineData("    options.credentials = \"same-origin\";")]
    public void Scan_QuotedNameOrPathAfterSecretName_NotReported(string text) =>
        DlpAssert.DoesNotFind(text, DlpDetectorNames.GenericSecret);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Scan_QuotedRandomLettersOrBase64Path_StillReported(int seed)
    {
        var letters = Fake.Of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 32, seed);
        DlpAssert.Finds($"api_token = \"{letters}\"", DlpDetectorNames.GenericSecret, letters);
        var base64 = Fake.Base64(38, seed) + "/" + Fake.Alnum(5, seed);
        DlpAssert.Finds($"\"client_secret\": \"{base64}\"", DlpDetectorNames.GenericSecret, base64);
        DlpAssert.Finds("password = \"CorrectHorseBattery\"", DlpDetectorNames.GenericSecret, "CorrectHorseBattery");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Scan_UnquotedRandomToken_StillReported(int seed)
    {
        // Random letters and digits, and random letters alone (no digit), are values, not identifiers.
        var mixed = Fake.Alnum(24, seed);
        DlpAssert.Finds($"API_KEY={mixed}\n", DlpDetectorNames.GenericSecret, mixed);
        var letters = Fake.Of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 32, seed);
        DlpAssert.Finds($"export SECRET_TOKEN={letters}\n", DlpDetectorNames.GenericSecret, letters);
    }

    [Theory]
    [InlineData("password: Sunshine99")]
    [InlineData("PASSWORD=CorrectHorse7")]
    [InlineData("db_password = Xk9$mPq2vL8w")]
    public void Scan_UnquotedPasswordLikeValue_StillReported(string text) =>
        Assert.Contains(DlpAssert.Scanner.Scan(text), d => d.Detector == DlpDetectorNames.GenericSecret);
}
