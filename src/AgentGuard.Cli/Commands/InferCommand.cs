using System.CommandLine;
using System.Globalization;
using AgentGuard.Cli.Inference;

namespace AgentGuard.Cli.Commands;

/// <summary><c>agentguard infer TRACE [--persona NAME] [--name ID] [--owner OWNER] [--catalog FILE] [--maturity M]
/// [--headroom X] [--output FILE [--force]]</c>: drafts a persona from a shadow agent's observed calls.</summary>
/// <remarks>The draft is printed (or written) as a persona file with the evidence for each line as a comment, and is
/// checked by loading it back through the persona reader and validator before anything is written. Exit status: 0 a
/// draft was written, 1 the draft did not validate (a bug: please report it), 2 bad input.</remarks>
internal static class InferCommand
{
    public static Command Create(CliIo io)
    {
        var trace = new Argument<string>("TRACE") { Description = "The trace of the agent's observed calls (JSON Lines, FORMATS.md)." };
        var persona = new Option<string?>("--persona") { Description = "Use only the calls recorded under this persona label (required when the trace holds several)." };
        var name = new Option<string?>("--name") { Description = "The draft's persona id (default: the trace's persona label, made a valid id)." };
        var owner = new Option<string>("--owner")
        {
            Description = "The accountable human or team written into the draft.",
            DefaultValueFactory = static _ => "unassigned (set the accountable owner)",
        };
        var catalog = new Option<string?>("--catalog") { Description = "The tool catalog: its tools keep their declared risk and egress; others are guessed from their names." };
        var maturity = new Option<string>("--maturity") { Description = "The draft's maturity (intern asks a human about every call).", DefaultValueFactory = static _ => "intern" };
        maturity.AcceptOnlyFromAmong("intern", "junior", "senior", "principal");
        var headroom = new Option<double>("--headroom") { Description = "Factor applied to each observed figure before rounding up (1 to 100).", DefaultValueFactory = static _ => 1.5 };
        var output = new Option<string?>("--output", "-o") { Description = "Write the draft to this file instead of standard output." };
        var force = new Option<bool>("--force") { Description = "Overwrite the --output file if it exists." };
        var command = new Command("infer", "Draft a persona from an agent's observed calls, for a human to review and tighten.")
        {
            trace, persona, name, owner, catalog, maturity, headroom, output, force,
        };
        command.SetAction(parse => Run(io, new Request(
            parse.GetValue(trace)!,
            parse.GetValue(persona),
            parse.GetValue(name),
            parse.GetValue(owner)!,
            parse.GetValue(catalog),
            parse.GetValue(maturity)!,
            parse.GetValue(headroom),
            parse.GetValue(output),
            parse.GetValue(force))));
        return command;
    }

    internal static int Run(CliIo io, Request request)
    {
        if (!double.IsFinite(request.Headroom) || request.Headroom is < 1 or > 100)
        {
            io.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"--headroom: {request.Headroom} is outside 1 to 100"));
            return CliIo.BadInput;
        }

        if (string.IsNullOrWhiteSpace(request.Owner))
        {
            io.Error.WriteLine("--owner: must not be empty");
            return CliIo.BadInput;
        }

        if (request.Name is { } explicitId && PersonaInference.ToPersonaId(explicitId) != explicitId)
        {
            io.Error.WriteLine($"--name: '{explicitId}' is not a persona id ([a-z0-9][a-z0-9._-]*)");
            return CliIo.BadInput;
        }

        if (request.Output is { } target && File.Exists(target) && !request.Force)
        {
            io.Error.WriteLine($"{target}: already exists; pass --force to overwrite it");
            return CliIo.BadInput;
        }

        var document = TraceReader.ReadFile(request.Trace);
        if (!document.IsValid)
        {
            PolicyLoading.WriteProblems(io.Error, document.Errors);
            return CliIo.BadInput;
        }

        IReadOnlyDictionary<string, CatalogTool> catalog = new Dictionary<string, CatalogTool>();
        if (request.Catalog is not null)
        {
            var builder = new PolicyBuilder().AddCatalogFile(request.Catalog);
            var problems = builder.Validate();
            PolicyLoading.WriteProblems(io.Error, problems);
            if (problems.Any(static p => p.Severity == PolicySeverity.Error))
            {
                return CliIo.BadInput;
            }

            catalog = builder.Build().Catalog;
        }

        var calls = document.Entries.Where(static e => !e.IsContext).ToList();
        var labels = calls.Select(static c => c.Call!.Persona ?? string.Empty).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (request.Persona is { } wanted)
        {
            calls = [.. calls.Where(c => string.Equals(c.Call!.Persona, wanted, StringComparison.Ordinal))];
            if (calls.Count == 0)
            {
                io.Error.WriteLine($"{request.Trace}: no calls recorded under persona '{wanted}' (the trace holds: {string.Join(", ", labels)})");
                return CliIo.BadInput;
            }
        }
        else if (labels.Count > 1)
        {
            io.Error.WriteLine($"{request.Trace}: the calls were recorded under {labels.Count} personas ({string.Join(", ", labels)}); choose one with --persona");
            return CliIo.BadInput;
        }
        else if (calls.Count == 0)
        {
            io.Error.WriteLine($"{request.Trace}: the trace holds no calls");
            return CliIo.BadInput;
        }

        var settings = new InferenceSettings
        {
            Id = request.Name ?? PersonaInference.ToPersonaId(calls[0].Call!.Persona),
            Owner = request.Owner.Trim(),
            Maturity = Enum.Parse<Maturity>(request.Maturity, ignoreCase: true),
            Headroom = request.Headroom,
            Catalog = catalog,
            SourceName = Path.GetFileName(request.Trace),
        };

        PersonaDraft draft;
        try
        {
            draft = PersonaInference.Infer(calls, settings);
        }
        catch (InvalidOperationException ex)
        {
            io.Error.WriteLine($"{request.Trace}: {ex.Message}");
            return CliIo.BadInput;
        }

        var yaml = PersonaYamlWriter.Write(draft, string.Create(CultureInfo.InvariantCulture,
            $"Draft persona inferred by `agentguard infer` from {settings.SourceName} ({calls.Count} calls).\nEvery figure is the observed one × {settings.Headroom:0.##}, rounded up. Review each line with the agent's owner and tighten."));
        if (!Validates(io, yaml, settings.Id, request.Catalog))
        {
            return CliIo.Failed;
        }

        if (request.Output is { } path)
        {
            var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
            File.WriteAllText(temporary, yaml);
            File.Move(temporary, path, overwrite: true);
            io.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{path}: draft persona '{settings.Id}' with {draft.Persona.Tools.Count} tool(s) from {calls.Count} call(s)"));
        }
        else
        {
            io.Out.Write(yaml);
        }

        return CliIo.Ok;
    }

    /// <summary>Loads the draft back through the persona reader and validator: what is written must be a valid persona.</summary>
    private static bool Validates(CliIo io, string yaml, string id, string? catalog)
    {
        var directory = Directory.CreateTempSubdirectory("agentguard-infer-");
        try
        {
            var file = Path.Combine(directory.FullName, id + ".yaml");
            File.WriteAllText(file, yaml);
            var builder = new PolicyBuilder();
            if (catalog is not null)
            {
                builder.AddCatalogFile(catalog);
            }

            builder.AddPersonaFile(file);
            var errors = builder.Validate().Where(static p => p.Severity == PolicySeverity.Error).ToList();
            if (errors.Count == 0)
            {
                return true;
            }

            io.Error.WriteLine("internal error: the inferred draft is not a valid persona (please report this with the trace):");
            PolicyLoading.WriteProblems(io.Error, errors);
            return false;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    internal sealed record Request(
        string Trace,
        string? Persona,
        string? Name,
        string Owner,
        string? Catalog,
        string Maturity,
        double Headroom,
        string? Output,
        bool Force);
}
