using System.CommandLine;
using Spectre.Console;

namespace AgentGuard.Cli.Commands;

/// <summary><c>agentguard validate PATH... [--catalog FILE] [--users FILE]</c>: checks policy files before they are deployed.</summary>
/// <remarks>PATHs are persona files, catalog files, users files or directories of them (the kind is recognised by the
/// top-level keys). Every error and warning is printed as <c>file:line:column: severity: field: message</c>.
/// Exit status: 0 valid (warnings allowed), 2 invalid.</remarks>
internal static class ValidateCommand
{
    public static Command Create(CliIo io)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Persona, catalog or users files, or directories of them.", Arity = ArgumentArity.OneOrMore };
        var catalog = new Option<string?>("--catalog") { Description = "The tool catalog file." };
        var users = new Option<string?>("--users") { Description = "The user entitlements file." };
        var command = new Command("validate", "Validate persona, catalog and user files; report every error with file, line and field.")
        {
            paths,
            catalog,
            users,
        };
        command.SetAction(parse => Run(io, parse.GetValue(paths) ?? [], parse.GetValue(catalog), parse.GetValue(users)));
        return command;
    }

    internal static int Run(CliIo io, string[] paths, string? catalog, string? users)
    {
        var builder = new PolicyBuilder();
        if (catalog is not null)
        {
            builder.AddCatalogFile(catalog);
        }

        if (users is not null)
        {
            builder.AddUsersFile(users);
        }

        foreach (var path in paths)
        {
            PolicyLoading.AddPath(builder, path, detectKind: true);
        }

        var problems = builder.Validate();
        PolicyLoading.WriteProblems(io.Error, problems);
        var errors = problems.Count(static p => p.Severity == PolicySeverity.Error);
        var warnings = problems.Count - errors;
        if (errors > 0)
        {
            io.Error.WriteLine($"invalid: {errors} error(s), {warnings} warning(s)");
            return CliIo.BadInput;
        }

        var policy = builder.Build();
        var console = CliConsole.Create(io.Out);
        var table = new Table().AddColumns("persona", "maturity", "owner", "tools", "source");
        foreach (var persona in policy.Personas.OrderBy(static p => p.Id, StringComparer.Ordinal))
        {
            policy.TryGetPersona(persona.Id, out var compiled);
            var tools = policy.Catalog.Count > 0
                ? string.Join(", ", compiled!.GetCatalogTools())
                : string.Join(", ", persona.Tools.Select(static t => t.Name));
            table.AddRow(
                Markup.Escape(persona.Id),
                persona.Maturity.ToString().ToLowerInvariant(),
                Markup.Escape(persona.Owner),
                Markup.Escape(tools),
                Markup.Escape(persona.Source ?? "code"));
        }

        console.Write(table);
        io.Out.WriteLine($"valid: {policy.Personas.Count()} persona(s), {policy.Catalog.Count} catalog tool(s), {warnings} warning(s)");
        return CliIo.Ok;
    }
}
