namespace AgentGuard;

/// <summary>The names of the built-in detectors, as findings, placeholders and action overrides use them.</summary>
public static class DlpDetectorNames
{
    // Secrets: cloud providers.
    /// <summary>The <c>aws_access_key_id</c> detector.</summary>
    public const string AwsAccessKeyId = "aws_access_key_id";
    /// <summary>The <c>aws_secret_access_key</c> detector.</summary>
    public const string AwsSecretAccessKey = "aws_secret_access_key";
    /// <summary>The <c>google_api_key</c> detector.</summary>
    public const string GoogleApiKey = "google_api_key";
    /// <summary>The <c>google_oauth_client_secret</c> detector.</summary>
    public const string GoogleOAuthClientSecret = "google_oauth_client_secret";
    /// <summary>The <c>google_oauth_access_token</c> detector.</summary>
    public const string GoogleOAuthAccessToken = "google_oauth_access_token";
    /// <summary>The <c>azure_storage_account_key</c> detector.</summary>
    public const string AzureStorageAccountKey = "azure_storage_account_key";
    /// <summary>The <c>azure_shared_access_key</c> detector.</summary>
    public const string AzureSharedAccessKey = "azure_shared_access_key";
    /// <summary>The <c>azure_sas_token</c> detector.</summary>
    public const string AzureSasToken = "azure_sas_token";
    /// <summary>The <c>azure_ad_client_secret</c> detector.</summary>
    public const string AzureAdClientSecret = "azure_ad_client_secret";
    /// <summary>The <c>entra_refresh_token</c> detector.</summary>
    public const string EntraRefreshToken = "entra_refresh_token";
    /// <summary>The <c>gcp_service_account_key</c> detector.</summary>
    public const string GcpServiceAccountKey = "gcp_service_account_key";
    /// <summary>The <c>azure_identifiable_key</c> detector.</summary>
    public const string AzureIdentifiableKey = "azure_identifiable_key";
    /// <summary>The <c>alibaba_access_key_id</c> detector.</summary>
    public const string AlibabaAccessKeyId = "alibaba_access_key_id";
    /// <summary>The <c>digitalocean_token</c> detector.</summary>
    public const string DigitalOceanToken = "digitalocean_token";

    // Secrets: source control, packages and developer platforms.
    /// <summary>The <c>github_pat</c> detector.</summary>
    public const string GitHubPersonalAccessToken = "github_pat";
    /// <summary>The <c>github_fine_grained_pat</c> detector.</summary>
    public const string GitHubFineGrainedToken = "github_fine_grained_pat";
    /// <summary>The <c>github_oauth_token</c> detector.</summary>
    public const string GitHubOAuthToken = "github_oauth_token";
    /// <summary>The <c>github_app_token</c> detector.</summary>
    public const string GitHubAppToken = "github_app_token";
    /// <summary>The <c>github_refresh_token</c> detector.</summary>
    public const string GitHubRefreshToken = "github_refresh_token";
    /// <summary>The <c>gitlab_token</c> detector.</summary>
    public const string GitLabToken = "gitlab_token";
    /// <summary>The <c>npm_token</c> detector.</summary>
    public const string NpmToken = "npm_token";
    /// <summary>The <c>nuget_api_key</c> detector.</summary>
    public const string NuGetApiKey = "nuget_api_key";
    /// <summary>The <c>pypi_token</c> detector.</summary>
    public const string PyPIToken = "pypi_token";
    /// <summary>The <c>hashicorp_vault_token</c> detector.</summary>
    public const string HashiCorpVaultToken = "hashicorp_vault_token";
    /// <summary>The <c>databricks_token</c> detector.</summary>
    public const string DatabricksToken = "databricks_token";
    /// <summary>The <c>atlassian_api_token</c> detector.</summary>
    public const string AtlassianApiToken = "atlassian_api_token";
    /// <summary>The <c>postman_api_key</c> detector.</summary>
    public const string PostmanApiKey = "postman_api_key";
    /// <summary>The <c>linear_api_key</c> detector.</summary>
    public const string LinearApiKey = "linear_api_key";
    /// <summary>The <c>grafana_token</c> detector.</summary>
    public const string GrafanaToken = "grafana_token";
    /// <summary>The <c>doppler_token</c> detector.</summary>
    public const string DopplerToken = "doppler_token";
    /// <summary>The <c>sentry_token</c> detector.</summary>
    public const string SentryToken = "sentry_token";
    /// <summary>The <c>pulumi_token</c> detector.</summary>
    public const string PulumiToken = "pulumi_token";
    /// <summary>The <c>new_relic_key</c> detector.</summary>
    public const string NewRelicKey = "new_relic_key";
    /// <summary>The <c>dynatrace_token</c> detector.</summary>
    public const string DynatraceToken = "dynatrace_token";
    /// <summary>The <c>jfrog_token</c> detector.</summary>
    public const string JFrogToken = "jfrog_token";
    /// <summary>The <c>supabase_token</c> detector.</summary>
    public const string SupabaseToken = "supabase_token";
    /// <summary>The <c>netlify_token</c> detector.</summary>
    public const string NetlifyToken = "netlify_token";
    /// <summary>The <c>planetscale_token</c> detector.</summary>
    public const string PlanetScaleToken = "planetscale_token";
    /// <summary>The <c>notion_token</c> detector.</summary>
    public const string NotionToken = "notion_token";
    /// <summary>The <c>mapbox_secret_token</c> detector.</summary>
    public const string MapboxSecretToken = "mapbox_secret_token";
    /// <summary>The <c>heroku_api_key</c> detector.</summary>
    public const string HerokuApiKey = "heroku_api_key";
    /// <summary>The <c>shopify_token</c> detector.</summary>
    public const string ShopifyToken = "shopify_token";
    /// <summary>The <c>onepassword_secret_key</c> detector.</summary>
    public const string OnePasswordSecretKey = "onepassword_secret_key";
    /// <summary>The <c>onepassword_service_account_token</c> detector.</summary>
    public const string OnePasswordServiceAccountToken = "onepassword_service_account_token";
    /// <summary>The <c>flyio_token</c> detector.</summary>
    public const string FlyIoToken = "flyio_token";
    /// <summary>The <c>sourcegraph_token</c> detector.</summary>
    public const string SourcegraphToken = "sourcegraph_token";
    /// <summary>The <c>sonarqube_token</c> detector.</summary>
    public const string SonarQubeToken = "sonarqube_token";
    /// <summary>The <c>prefect_api_key</c> detector.</summary>
    public const string PrefectApiKey = "prefect_api_key";
    /// <summary>The <c>readme_api_key</c> detector.</summary>
    public const string ReadMeApiKey = "readme_api_key";
    /// <summary>The <c>rubygems_api_key</c> detector.</summary>
    public const string RubyGemsApiKey = "rubygems_api_key";
    /// <summary>The <c>scalingo_api_token</c> detector.</summary>
    public const string ScalingoApiToken = "scalingo_api_token";
    /// <summary>The <c>infracost_api_key</c> detector.</summary>
    public const string InfracostApiKey = "infracost_api_key";
    /// <summary>The <c>frameio_token</c> detector.</summary>
    public const string FrameIoToken = "frameio_token";
    /// <summary>The <c>clojars_token</c> detector.</summary>
    public const string ClojarsToken = "clojars_token";
    /// <summary>The <c>defined_networking_api_token</c> detector.</summary>
    public const string DefinedNetworkingApiToken = "defined_networking_api_token";
    /// <summary>The <c>terraform_cloud_token</c> detector.</summary>
    public const string TerraformCloudToken = "terraform_cloud_token";
    /// <summary>The <c>openshift_token</c> detector.</summary>
    public const string OpenShiftToken = "openshift_token";
    /// <summary>The <c>aws_bedrock_api_key</c> detector.</summary>
    public const string AwsBedrockApiKey = "aws_bedrock_api_key";
    /// <summary>The <c>intra42_client_secret</c> detector.</summary>
    public const string Intra42ClientSecret = "intra42_client_secret";
    /// <summary>The <c>settlemint_token</c> detector.</summary>
    public const string SettleMintToken = "settlemint_token";
    /// <summary>The <c>octopus_deploy_api_key</c> detector.</summary>
    public const string OctopusDeployApiKey = "octopus_deploy_api_key";
    /// <summary>The <c>clickhouse_api_secret</c> detector.</summary>
    public const string ClickHouseApiSecret = "clickhouse_api_secret";
    /// <summary>The <c>adobe_client_secret</c> detector.</summary>
    public const string AdobeClientSecret = "adobe_client_secret";
    /// <summary>The <c>sumologic_access_id</c> detector.</summary>
    public const string SumoLogicAccessId = "sumologic_access_id";
    /// <summary>The <c>bitbucket_app_password</c> detector.</summary>
    public const string BitbucketAppPassword = "bitbucket_app_password";
    /// <summary>The <c>bitbucket_server_token</c> detector.</summary>
    public const string BitbucketServerToken = "bitbucket_server_token";
    /// <summary>The <c>cloudflare_api_token</c> detector.</summary>
    public const string CloudflareApiToken = "cloudflare_api_token";
    /// <summary>The <c>buildkite_token</c> detector.</summary>
    public const string BuildkiteToken = "buildkite_token";
    /// <summary>The <c>docker_registry_auth</c> detector.</summary>
    public const string DockerRegistryAuth = "docker_registry_auth";
    /// <summary>The <c>new_relic_license_key</c> detector.</summary>
    public const string NewRelicLicenseKey = "new_relic_license_key";
    /// <summary>The <c>sidekiq_secret</c> detector.</summary>
    public const string SidekiqSecret = "sidekiq_secret";
    /// <summary>The <c>figma_token</c> detector.</summary>
    public const string FigmaToken = "figma_token";
    /// <summary>The <c>contentful_token</c> detector.</summary>
    public const string ContentfulToken = "contentful_token";
    /// <summary>The <c>jenkins_secret</c> detector.</summary>
    public const string JenkinsSecret = "jenkins_secret";

    // Secrets: messaging, payments and mail.
    /// <summary>The <c>facebook_access_token</c> detector.</summary>
    public const string FacebookAccessToken = "facebook_access_token";
    /// <summary>The <c>facebook_app_token</c> detector.</summary>
    public const string FacebookAppToken = "facebook_app_token";
    /// <summary>The <c>easypost_api_key</c> detector.</summary>
    public const string EasyPostApiKey = "easypost_api_key";
    /// <summary>The <c>shippo_api_token</c> detector.</summary>
    public const string ShippoApiToken = "shippo_api_token";
    /// <summary>The <c>typeform_token</c> detector.</summary>
    public const string TypeformToken = "typeform_token";
    /// <summary>The <c>duffel_api_token</c> detector.</summary>
    public const string DuffelApiToken = "duffel_api_token";
    /// <summary>The <c>flutterwave_secret_key</c> detector.</summary>
    public const string FlutterwaveSecretKey = "flutterwave_secret_key";
    /// <summary>The <c>brevo_api_key</c> detector.</summary>
    public const string BrevoApiKey = "brevo_api_key";
    /// <summary>The <c>slack_token</c> detector.</summary>
    public const string SlackToken = "slack_token";
    /// <summary>The <c>slack_webhook</c> detector.</summary>
    public const string SlackWebhook = "slack_webhook";
    /// <summary>The <c>discord_webhook</c> detector.</summary>
    public const string DiscordWebhook = "discord_webhook";
    /// <summary>The <c>teams_webhook</c> detector.</summary>
    public const string TeamsWebhook = "teams_webhook";
    /// <summary>The <c>stripe_key</c> detector.</summary>
    public const string StripeKey = "stripe_key";
    /// <summary>The <c>stripe_webhook_secret</c> detector.</summary>
    public const string StripeWebhookSecret = "stripe_webhook_secret";
    /// <summary>The <c>square_token</c> detector.</summary>
    public const string SquareToken = "square_token";
    /// <summary>The <c>sendgrid_api_key</c> detector.</summary>
    public const string SendGridApiKey = "sendgrid_api_key";
    /// <summary>The <c>twilio_api_key</c> detector.</summary>
    public const string TwilioApiKey = "twilio_api_key";
    /// <summary>The <c>twilio_account_sid</c> detector.</summary>
    public const string TwilioAccountSid = "twilio_account_sid";
    /// <summary>The <c>twilio_auth_token</c> detector.</summary>
    public const string TwilioAuthToken = "twilio_auth_token";
    /// <summary>The <c>mailchimp_api_key</c> detector.</summary>
    public const string MailchimpApiKey = "mailchimp_api_key";
    /// <summary>The <c>telegram_bot_token</c> detector.</summary>
    public const string TelegramBotToken = "telegram_bot_token";
    /// <summary>The <c>mailgun_api_key</c> detector.</summary>
    public const string MailgunApiKey = "mailgun_api_key";
    /// <summary>The <c>plaid_access_token</c> detector.</summary>
    public const string PlaidAccessToken = "plaid_access_token";
    /// <summary>The <c>discord_bot_token</c> detector.</summary>
    public const string DiscordBotToken = "discord_bot_token";

    // Secrets: AI providers.
    /// <summary>The <c>openai_api_key</c> detector.</summary>
    public const string OpenAIApiKey = "openai_api_key";
    /// <summary>The <c>anthropic_api_key</c> detector.</summary>
    public const string AnthropicApiKey = "anthropic_api_key";
    /// <summary>The <c>huggingface_token</c> detector.</summary>
    public const string HuggingFaceToken = "huggingface_token";
    /// <summary>The <c>groq_api_key</c> detector.</summary>
    public const string GroqApiKey = "groq_api_key";
    /// <summary>The <c>xai_api_key</c> detector.</summary>
    public const string XaiApiKey = "xai_api_key";
    /// <summary>The <c>perplexity_api_key</c> detector.</summary>
    public const string PerplexityApiKey = "perplexity_api_key";
    /// <summary>The <c>replicate_api_token</c> detector.</summary>
    public const string ReplicateApiToken = "replicate_api_token";
    /// <summary>The <c>langsmith_api_key</c> detector.</summary>
    public const string LangSmithApiKey = "langsmith_api_key";
    /// <summary>The <c>pinecone_api_key</c> detector.</summary>
    public const string PineconeApiKey = "pinecone_api_key";

    // Secrets: formats.
    /// <summary>The <c>jwt</c> detector.</summary>
    public const string Jwt = "jwt";
    /// <summary>The <c>private_key</c> detector.</summary>
    public const string PrivateKey = "private_key";
    /// <summary>The <c>age_secret_key</c> detector.</summary>
    public const string AgeSecretKey = "age_secret_key";
    /// <summary>The <c>url_credentials</c> detector.</summary>
    public const string UrlCredentials = "url_credentials";
    /// <summary>The <c>connection_string_password</c> detector.</summary>
    public const string ConnectionStringPassword = "connection_string_password";
    /// <summary>The <c>bearer_token</c> detector.</summary>
    public const string BearerToken = "bearer_token";
    /// <summary>The <c>basic_auth</c> detector.</summary>
    public const string BasicAuth = "basic_auth";
    /// <summary>The <c>authorization_header</c> detector.</summary>
    public const string AuthorizationHeader = "authorization_header";
    /// <summary>The <c>curl_credentials</c> detector.</summary>
    public const string CurlCredentials = "curl_credentials";
    /// <summary>The <c>kubernetes_secret</c> detector.</summary>
    public const string KubernetesSecret = "kubernetes_secret";
    /// <summary>The <c>generic_secret</c> detector.</summary>
    public const string GenericSecret = "generic_secret";
    /// <summary>The <c>encoded_secret</c> detector.</summary>
    public const string EncodedSecret = "encoded_secret";
    /// <summary>The <c>agentguard_handle</c> detector.</summary>
    public const string AgentGuardHandle = "agentguard_handle";

    // Personal data.
    /// <summary>The <c>credit_card</c> detector.</summary>
    public const string CreditCard = "credit_card";
    /// <summary>The <c>us_ssn</c> detector.</summary>
    public const string UsSsn = "us_ssn";
    /// <summary>The <c>iban</c> detector.</summary>
    public const string Iban = "iban";
    /// <summary>The <c>email_address</c> detector.</summary>
    public const string EmailAddress = "email_address";
    /// <summary>The <c>phone_number</c> detector.</summary>
    public const string PhoneNumber = "phone_number";
    /// <summary>The <c>ipv4_address</c> detector.</summary>
    public const string IPv4Address = "ipv4_address";
    /// <summary>The <c>ipv6_address</c> detector.</summary>
    public const string IPv6Address = "ipv6_address";
    /// <summary>The <c>us_itin</c> detector.</summary>
    public const string UsItin = "us_itin";
    /// <summary>The <c>passport_number</c> detector.</summary>
    public const string PassportNumber = "passport_number";
    /// <summary>The <c>bitcoin_address</c> detector.</summary>
    public const string BitcoinAddress = "bitcoin_address";
    /// <summary>The <c>ethereum_address</c> detector.</summary>
    public const string EthereumAddress = "ethereum_address";
}
