using AgentGuard;

// agentguard-server serve --config FILE   runs the enforcement service
// agentguard-server keygen                prints a new inside key and the entry the service stores for it
var arguments = args.ToList();
var command = arguments.Count > 0 && !arguments[0].StartsWith('-') ? arguments[0] : "serve";
if (command == "keygen")
{
    var (key, stored) = InsideKeys.Create();
    Console.WriteLine($"key:    {key}");
    Console.WriteLine($"stored: {stored}");
    return 0;
}

var configIndex = arguments.IndexOf("--config");
if (command != "serve" || configIndex < 0 || configIndex + 1 >= arguments.Count)
{
    await Console.Error.WriteLineAsync("usage: agentguard-server serve --config FILE | agentguard-server keygen").ConfigureAwait(false);
    return 2;
}

Microsoft.AspNetCore.Builder.WebApplication app;
try
{
    app = AgentGuardServer.Build(arguments[configIndex + 1]);
}
catch (Exception ex) when (ex is InvalidOperationException or PolicyValidationException or IOException or FormatException)
{
    // A configuration or policy error: one clear message, no stack trace, exit status 2 (bad input) like the CLI.
    await Console.Error.WriteLineAsync("agentguard-server: " + ex.Message).ConfigureAwait(false);
    return 2;
}

await using (app.ConfigureAwait(false))
{
    await app.RunAsync().ConfigureAwait(false);
}

return 0;
