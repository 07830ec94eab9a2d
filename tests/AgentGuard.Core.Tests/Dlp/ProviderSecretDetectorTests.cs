namespace AgentGuard.Core.Tests.Dlp;

/// <summary>True positives and near-misses for the Twilio, Mailchimp, Telegram, Heroku and legacy OpenAI detectors.</summary>
/// <remarks>Values are assembled from pieces so no literal credential sits in the source.</remarks>
public sealed class ProviderSecretDetectorTests
{
    private static readonly string Sk = "S" + "K";
    private static readonly string Ac = "A" + "C";

    public static TheoryData<string, string, string> TruePositives()
    {
        var data = new TheoryData<string, string, string>();
        void Add(string detector, string value, string format) => data.Add(detector, string.Format(System.Globalization.CultureInfo.InvariantCulture, format, value), value);

        // Twilio API key SIDs stand alone; account SIDs and auth tokens need the provider nearby.
        string[] skContexts = ["TWILIO_API_KEY={0}", "key: {0}", "{{\"sid\":\"{0}\"}}", "use {0} for SMS", "{0}", "api_key_sid = '{0}'", "twilio.rest.Client(\"{0}\", secret)", "export KEY={0}", "<ApiKey>{0}</ApiKey>", "\"{0}\","];
        for (var i = 0; i < skContexts.Length; i++)
        {
            Add(DlpDetectorNames.TwilioApiKey, Sk + Fake.Hex(32, 100 + i), skContexts[i]);
        }

        string[] acContexts = ["TWILIO_ACCOUNT_SID={0}", "account_sid = \"{0}\"", "twilio account {0}", "{{\"accountSid\":\"{0}\",\"twilio\":true}}", "Twilio SID: {0}", "AccountSid {0} (twilio)", "client = Client('{0}', token)  # twilio", "account-sid={0}", "twilio:\n  account: {0}", "sid={0}"];
        for (var i = 0; i < acContexts.Length; i++)
        {
            Add(DlpDetectorNames.TwilioAccountSid, Ac + Fake.Hex(32, 200 + i), acContexts[i]);
        }

        string[] tokenContexts = ["TWILIO_AUTH_TOKEN={0}", "twilio auth token: {0}", "{{\"twilio\":{{\"authToken\":\"{0}\"}}}}", "twilio_token = '{0}'", "Twilio secret {0}", "twilio:\n  auth_token: {0}", "export TWILIO_TOKEN=\"{0}\"", "TwilioAuthToken={0};", "twilio auth = {0}", "twilio.token={0}"];
        for (var i = 0; i < tokenContexts.Length; i++)
        {
            Add(DlpDetectorNames.TwilioAuthToken, Fake.Hex(32, 300 + i), tokenContexts[i]);
        }

        string[] mailchimpContexts = ["MAILCHIMP_API_KEY={0}", "apikey: {0}", "{{\"key\":\"{0}\"}}", "mc = Client('{0}')", "{0}", "key {0} rotated", "<key>{0}</key>", "'{0}',", "auth=anystring:{0}", "mailchimp {0}"];
        for (var i = 0; i < mailchimpContexts.Length; i++)
        {
            Add(DlpDetectorNames.MailchimpApiKey, Fake.Hex(32, 400 + i) + "-us" + (1 + (i * 7 % 21)).ToString(System.Globalization.CultureInfo.InvariantCulture), mailchimpContexts[i]);
        }

        string[] telegramContexts = ["TELEGRAM_BOT_TOKEN={0}", "bot token: {0}", "{{\"token\":\"{0}\"}}", "https://api.telegram.org/bot{0}/getMe", "Bot('{0}')", "{0}", "token = \"{0}\"", "telegram {0} webhook", "export TG={0}", "<token>{0}</token>"];
        for (var i = 0; i < telegramContexts.Length; i++)
        {
            var id = (123456789L + (i * 7919L)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (i % 3 == 1)
            {
                id = "1" + id; // ten-digit ids
            }

            Add(DlpDetectorNames.TelegramBotToken, id + ":AA" + Fake.Base64Url(33, 500 + i), telegramContexts[i]);
        }

        string[] herokuContexts = ["HEROKU_API_KEY={0}", "heroku api key: {0}", "{{\"heroku\":{{\"apiKey\":\"{0}\"}}}}", "heroku_token = '{0}'", "Heroku key {0}", "heroku:\n  key: {0}", "export HEROKU_API_KEY=\"{0}\"", "HerokuApiKey={0};", "heroku auth {0}", "heroku.key={0}"];
        for (var i = 0; i < herokuContexts.Length; i++)
        {
            var h = Fake.Hex(32, 600 + i);
            Add(DlpDetectorNames.HerokuApiKey, $"{h[..8]}-{h[8..12]}-{h[12..16]}-{h[16..20]}-{h[20..]}", herokuContexts[i]);
        }

        Add(DlpDetectorNames.TelegramBotToken, "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "token={0}"); // the widely copied example

        Add(DlpDetectorNames.HerokuApiKey, "HR" + "KU-AA" + Fake.Base64Url(58, 650), "HEROKU_API_KEY={0}");

        // Legacy OpenAI keys: sk- and 48 letters and digits, with the marker or a nearby name.
        string[] openAiContexts = ["OPENAI_API_KEY={0}", "openai.api_key = \"{0}\"", "{{\"openai\":\"{0}\"}}", "Authorization: Bearer {0}", "api_key: {0}", "gpt key {0}", "export OPENAI_KEY='{0}'", "ChatGPT token {0}", "openai {0}", "api-key={0}"];
        for (var i = 0; i < openAiContexts.Length; i++)
        {
            Add(DlpDetectorNames.OpenAIApiKey, "sk-" + Fake.Alnum(48, 700 + i), openAiContexts[i]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TruePositives))]
    public void Scan_ProviderSecret_IsFound(string detector, string text, string value) => DlpAssert.Finds(text, detector, value);

    public static TheoryData<string, string> NearMisses()
    {
        var hex = Fake.Hex(32, 1);
        var uuid = $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
        return new TheoryData<string, string>
        {
            { DlpDetectorNames.TwilioApiKey, Sk + Fake.Hex(31, 2) },                      // one digit short
            { DlpDetectorNames.TwilioApiKey, Sk + Fake.Hex(33, 3) },                      // one digit long
            { DlpDetectorNames.TwilioApiKey, "SKU-" + Fake.Hex(32, 4) },                  // a product code
            { DlpDetectorNames.TwilioApiKey, "ASK" + Fake.Hex(32, 5) },                   // glued to a letter
            { DlpDetectorNames.TwilioApiKey, Sk + Fake.Hex(32, 6).ToUpperInvariant() },  // SIDs are lower-case hex
            { DlpDetectorNames.TwilioApiKey, Sk + new string('0', 32) },                  // no randomness
            { DlpDetectorNames.TwilioApiKey, Sk + Fake.Hex(30, 7) + "zz" },               // not hex
            { DlpDetectorNames.TwilioApiKey, Sk + Fake.Digits(32, 8) },                   // digits only
            { DlpDetectorNames.TwilioAccountSid, Ac + Fake.Hex(32, 9) },                  // an AC id with no Twilio context
            { DlpDetectorNames.TwilioAccountSid, "twilio " + Ac + Fake.Hex(30, 10) },     // too short
            { DlpDetectorNames.TwilioAccountSid, "twilio TRAC" + Fake.Hex(32, 11) },       // glued
            { DlpDetectorNames.TwilioAuthToken, "auth token " + Fake.Hex(32, 12) },       // no provider named
            { DlpDetectorNames.TwilioAuthToken, "twilio docs page " + Fake.Hex(32, 13) }, // no auth/token/secret word
            { DlpDetectorNames.TwilioAuthToken, "twilio auth token " + Fake.Hex(40, 14) },// a git SHA, not 32 digits
            { DlpDetectorNames.TwilioAuthToken, "twilio token " + uuid },                 // a UUID
            { DlpDetectorNames.MailchimpApiKey, Fake.Hex(31, 15) + "-us12" },              // 31 digits
            { DlpDetectorNames.MailchimpApiKey, Fake.Hex(32, 16) + "-us" },                // no data centre
            { DlpDetectorNames.MailchimpApiKey, Fake.Hex(32, 17) + "-us123" },             // three-digit data centre
            { DlpDetectorNames.MailchimpApiKey, Fake.Hex(32, 18).ToUpperInvariant() + "-us5" }, // keys are lower case
            { DlpDetectorNames.MailchimpApiKey, "en-us is the locale" },
            { DlpDetectorNames.MailchimpApiKey, "x" + Fake.Hex(32, 19) + "-us7" },         // part of a longer word
            { DlpDetectorNames.TelegramBotToken, "1234567:AA" + Fake.Base64Url(33, 20) },  // seven-digit id
            { DlpDetectorNames.TelegramBotToken, "12345678901:AA" + Fake.Base64Url(33, 21) }, // eleven-digit id
            { DlpDetectorNames.TelegramBotToken, "123456789:AA" + Fake.Base64Url(31, 22) },   // secret two short
            { DlpDetectorNames.TelegramBotToken, "123456789:x" + Fake.Base64Url(33, 29) },    // 34 characters without the AA start
            { DlpDetectorNames.TelegramBotToken, "123456789:AA" + Fake.Base64Url(34, 23) },   // secret one long
            { DlpDetectorNames.TelegramBotToken, "at 20260105:" + new string('a', 35) },      // no randomness
            { DlpDetectorNames.TelegramBotToken, "id 123456789:" + Fake.Hex(35, 24).ToLowerInvariant() }, // hex only: two classes
            { DlpDetectorNames.HerokuApiKey, "request " + uuid },                          // a UUID alone
            { DlpDetectorNames.HerokuApiKey, "heroku app id " + uuid[..35] },              // not a full UUID
            { DlpDetectorNames.HerokuApiKey, "heroku " + new string(' ', 130) + uuid },   // too far from the name
            { DlpDetectorNames.OpenAIApiKey, "sk-" + Fake.Alnum(47, 25) },                 // 47 characters
            { DlpDetectorNames.OpenAIApiKey, "sk-" + Fake.Alnum(49, 26) },                 // 49 characters
            { DlpDetectorNames.OpenAIApiKey, "task-" + Fake.Alnum(48, 27) },               // glued to a word
            { DlpDetectorNames.OpenAIApiKey, "sk-" + Fake.Hex(48, 28) },                   // lower-case hex: too few classes
            { DlpDetectorNames.OpenAIApiKey, "sk-" + new string('a', 48) },
        };
    }

    [Theory]
    [MemberData(nameof(NearMisses))]
    public void Scan_ProviderNearMiss_IsNotReported(string detector, string text) => DlpAssert.DoesNotFind(text, detector);

    [Fact]
    public void Scan_LegacyOpenAIKeyWithoutContext_IsLowConfidence()
    {
        var text = "value " + "sk-" + Fake.Alnum(48, 40);
        var finding = DlpAssert.Finds(text, DlpDetectorNames.OpenAIApiKey, text[6..]);
        Assert.Equal(DlpConfidence.Low, finding.Confidence);
    }

    [Fact]
    public void Scan_TwilioAccountSidWithContext_IsHighConfidence()
    {
        var value = Ac + Fake.Hex(32, 41);
        Assert.Equal(DlpConfidence.High, DlpAssert.Finds("twilio account " + value, DlpDetectorNames.TwilioAccountSid, value).Confidence);
    }
}
