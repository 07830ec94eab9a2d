using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;

namespace AgentGuard.Benchmarks;

/// <summary>Per-call cost of data lineage: an outward call classified against a session that read many e-mails, the
/// recording of one e-mail-sized result, and the observation of one user message.</summary>
/// <remarks>The session holds one user message and <see cref="PriorResults"/> results of about 2 KB each (up to the
/// 64 a session keeps). The measured send goes to the address the user typed (the common, allowed case: every result
/// is still searched, since the user class is checked first but a miss would search them all).</remarks>
[MemoryDiagnoser]
[MedianColumn]
public class LineageBenchmark
{
    private const string Session = "bench";
    private static readonly string[] s_domains = ["example"];
    private AgentGuardEngine _plain = null!;
    private AgentGuardEngine _guarded = null!;
    private ToolCall _send = null!;
    private ToolCall _read = null!;
    private ToolResult _mail = null!;
    private ConversationMessage _message = null!;

    /// <summary>Gets or sets how many results the session recorded before the measured call.</summary>
    [Params(4, 64)]
    public int PriorResults { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var persona = new Persona
        {
            Id = "bench",
            Description = "reads and sends mail",
            Owner = "bench@contoso.example",
            Maturity = Maturity.Principal,
            Capabilities = ["mail.read", "mail.send"],
            Tools = [new ToolGrant { Name = "email.send", Args = new Dictionary<string, ArgumentConstraint> { ["to"] = new() { AllowedDomains = s_domains }, ["body"] = new() } }],
        };
        var policy = new PolicyBuilder()
            .AddPersona(persona)
            .AddCatalogTool(new CatalogTool { Name = "email.read", Capabilities = ["mail.read"] })
            .AddCatalogTool(new CatalogTool { Name = "email.send", Capabilities = ["mail.send"], Risk = ToolRisk.Medium, Egress = true })
            .Build();
        var lineage = new LineageTracker(new LineageOptions { SessionIdleTimeout = TimeSpan.FromDays(365) });
        _plain = Engine(policy, null);
        _guarded = Engine(policy, lineage);
        _message = new ConversationMessage(Session, "user", "Summarise my mail and send the summary to bob.smith@fabrikam.example please.", DateTimeOffset.UnixEpoch);
        Wait(_guarded.ObserveMessageAsync(_message));
        _send = Call("email.send", """{"to":"Bob.Smith@fabrikam.example","body":"summary"}""");
        _read = Call("email.read", """{"folder":"inbox"}""");
        for (var i = 0; i < PriorResults; i++)
        {
            Wait(_guarded.InspectResultAsync(_read, Mail(i)));
        }

        _mail = Mail(PriorResults);
    }

    [Benchmark(Baseline = true)]
    public GuardDecision AuthorizeWithoutLineage() => Wait(_plain.AuthorizeAsync(_send));

    [Benchmark]
    public GuardDecision AuthorizeWithLineage() => Wait(_guarded.AuthorizeAsync(_send));

    [Benchmark]
    public GuardDecision InspectMailWithLineage() => Wait(_guarded.InspectResultAsync(_read, _mail));

    [Benchmark]
    public GuardDecision InspectMailWithoutLineage() => Wait(_plain.InspectResultAsync(_read, _mail));

    private static ToolResult Mail(int i)
    {
        var text = new StringBuilder();
        text.Append("From: sender").Append(i).Append("@fabrikam.example\nSubject: Invoice ").Append(1000 + i).Append('\n');
        for (var line = 0; line < 24; line++)
        {
            text.Append("Line ").Append(line).Append(": please review the attached figures, total EUR 1.2").Append(line).Append("0,00, see https://portal.fabrikam.example/inv/").Append(i).Append('\n');
        }

        return ToolResult.FromText(text.ToString()) with { Resource = $"mail/inbox/msg-{i}" };
    }

    private static ToolCall Call(string tool, string arguments) => new()
    {
        ToolName = tool,
        Arguments = JsonDocument.Parse(arguments).RootElement.Clone(),
        SessionId = Session,
        Persona = "bench",
    };

    private static AgentGuardEngine Engine(GuardPolicy policy, LineageTracker? lineage)
    {
        var sessions = new InMemorySessionStateStore();
        return new AgentGuardEngine(
            new StaticPolicyProvider(policy),
            lineage is null ? AgentGuardEngine.CreateDefaultChecks(sessions) : [.. AgentGuardEngine.CreateDefaultChecks(sessions), LineageStages.CreateCheck(lineage)],
            lineage is null ? [] : [LineageStages.CreateResultCheck(lineage)],
            sessions,
            Options.Create(new AgentGuardOptions()),
            observers: lineage is null ? null : [lineage]);
    }

    private static T Wait<T>(ValueTask<T> task) => task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();

    private static void Wait(ValueTask task)
    {
        if (!task.IsCompletedSuccessfully)
        {
            task.AsTask().GetAwaiter().GetResult();
        }
    }
}
