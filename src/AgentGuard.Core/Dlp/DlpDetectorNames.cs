namespace AgentGuard;

/// <summary>The names of the built-in detectors, as findings, placeholders and action overrides use them.</summary>
public static class DlpDetectorNames
{
#pragma warning disable CS1591 // The names document themselves; see the remarks on each group.
    // Secrets: cloud providers.
    public const string AwsAccessKeyId = "aws_access_key_id";
    public const string AwsSecretAccessKey = "aws_secret_access_key";
    public const string GoogleApiKey = "google_api_key";
    public const string GoogleOAuthClientSecret = "google_oauth_client_secret";
    public const string GoogleOAuthAccessToken = "google_oauth_access_token";
    public const string AzureStorageAccountKey = "azure_storage_account_key";
    public const string AzureSharedAccessKey = "azure_shared_access_key";
    public const string AzureSasToken = "azure_sas_token";
    public const string AzureAdClientSecret = "azure_ad_client_secret";
    public const string AlibabaAccessKeyId = "alibaba_access_key_id";
    public const string DigitalOceanToken = "digitalocean_token";

    // Secrets: source control, packages and developer platforms.
    public const string GitHubPersonalAccessToken = "github_pat";
    public const string GitHubFineGrainedToken = "github_fine_grained_pat";
    public const string GitHubOAuthToken = "github_oauth_token";
    public const string GitHubAppToken = "github_app_token";
    public const string GitHubRefreshToken = "github_refresh_token";
    public const string GitLabToken = "gitlab_token";
    public const string NpmToken = "npm_token";
    public const string NuGetApiKey = "nuget_api_key";
    public const string PyPIToken = "pypi_token";
    public const string HashiCorpVaultToken = "hashicorp_vault_token";
    public const string DatabricksToken = "databricks_token";
    public const string AtlassianApiToken = "atlassian_api_token";
    public const string PostmanApiKey = "postman_api_key";
    public const string LinearApiKey = "linear_api_key";
    public const string GrafanaToken = "grafana_token";
    public const string DopplerToken = "doppler_token";
    public const string SentryToken = "sentry_token";
    public const string PulumiToken = "pulumi_token";
    public const string NewRelicKey = "new_relic_key";
    public const string DynatraceToken = "dynatrace_token";
    public const string JFrogToken = "jfrog_token";
    public const string SupabaseToken = "supabase_token";
    public const string NetlifyToken = "netlify_token";
    public const string PlanetScaleToken = "planetscale_token";
    public const string NotionToken = "notion_token";
    public const string MapboxSecretToken = "mapbox_secret_token";
    public const string ShopifyToken = "shopify_token";

    // Secrets: messaging, payments and mail.
    public const string SlackToken = "slack_token";
    public const string SlackWebhook = "slack_webhook";
    public const string DiscordWebhook = "discord_webhook";
    public const string TeamsWebhook = "teams_webhook";
    public const string StripeKey = "stripe_key";
    public const string StripeWebhookSecret = "stripe_webhook_secret";
    public const string SquareToken = "square_token";
    public const string SendGridApiKey = "sendgrid_api_key";
    public const string MailgunApiKey = "mailgun_api_key";

    // Secrets: AI providers.
    public const string OpenAIApiKey = "openai_api_key";
    public const string AnthropicApiKey = "anthropic_api_key";
    public const string HuggingFaceToken = "huggingface_token";
    public const string GroqApiKey = "groq_api_key";
    public const string XaiApiKey = "xai_api_key";
    public const string PerplexityApiKey = "perplexity_api_key";
    public const string ReplicateApiToken = "replicate_api_token";

    // Secrets: formats.
    public const string Jwt = "jwt";
    public const string PrivateKey = "private_key";
    public const string AgeSecretKey = "age_secret_key";
    public const string UrlCredentials = "url_credentials";
    public const string ConnectionStringPassword = "connection_string_password";
    public const string BearerToken = "bearer_token";
    public const string BasicAuth = "basic_auth";
    public const string GenericSecret = "generic_secret";
    public const string AgentGuardHandle = "agentguard_handle";

    // Personal data.
    public const string CreditCard = "credit_card";
    public const string UsSsn = "us_ssn";
    public const string Iban = "iban";
    public const string EmailAddress = "email_address";
    public const string PhoneNumber = "phone_number";
    public const string IPv4Address = "ipv4_address";
    public const string IPv6Address = "ipv6_address";
#pragma warning restore CS1591
}
