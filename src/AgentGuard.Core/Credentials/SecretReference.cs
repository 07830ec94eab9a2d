namespace AgentGuard;

/// <summary>Where a secret comes from: a store and a name within it, such as <c>env:CRM_TOKEN</c>,
/// <c>file:/run/secrets/crm</c>, <c>config:Crm:Token</c> or <c>vault:crm/alice</c>.</summary>
/// <remarks>
/// Configuration holds references, not secrets; a secret is read through its <see cref="ISecretStore"/> only when an
/// allowed call needs it. Built-in stores: <c>env</c> (environment variables), <c>file</c> (a file's content, trailing
/// line break removed) and <c>config</c> (a key of the host's <c>IConfiguration</c>, for user secrets or a key-vault
/// configuration provider); a real secret store plugs in as another named <see cref="ISecretStore"/>.
/// <see cref="ToString"/> never shows an inline value.
/// </remarks>
public sealed class SecretReference
{
    private readonly string? _value;

    private SecretReference(string store, string name, string? value)
    {
        Store = store;
        Name = name;
        _value = value;
    }

    /// <summary>Gets the store's name (<c>env</c>, <c>file</c>, <c>config</c> or a custom store's <see cref="ISecretStore.Name"/>).</summary>
    public string Store { get; }

    /// <summary>Gets the secret's name within the store.</summary>
    public string Name { get; }

    /// <summary>Gets a value indicating whether the secret was given inline, in code (<see cref="FromValue"/>).</summary>
    public bool IsInline => _value is not null;

    internal string? InlineValue => _value;

    /// <summary>Parses a reference written <c>store:name</c>.</summary>
    /// <param name="reference">The reference.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="FormatException">The text is not <c>store:name</c> with a store name of letters, digits, <c>-</c> or <c>_</c>.</exception>
    public static SecretReference Parse(string reference) =>
        TryParse(reference, out var parsed)
            ? parsed
            : throw new FormatException("A secret reference is written 'store:name' (for example 'env:CRM_TOKEN' or 'file:/run/secrets/crm').");

    /// <summary>Tries to parse a reference written <c>store:name</c>.</summary>
    /// <param name="reference">The reference.</param>
    /// <param name="parsed">The reference, when the text is valid.</param>
    /// <returns><see langword="true"/> when the text is a valid reference.</returns>
    public static bool TryParse(string? reference, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SecretReference? parsed)
    {
        parsed = null;
        var colon = reference?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (reference is null || colon <= 0 || colon == reference.Length - 1)
        {
            return false;
        }

        var store = reference[..colon];
        foreach (var c in store)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }

        parsed = new SecretReference(store.ToLowerInvariant(), reference[(colon + 1)..], null);
        return true;
    }

    /// <summary>Creates a reference to an environment variable.</summary>
    /// <param name="variable">The variable's name.</param>
    /// <returns>The reference.</returns>
    public static SecretReference Environment(string variable)
    {
        ArgumentException.ThrowIfNullOrEmpty(variable);
        return new SecretReference(SecretStoreNames.Environment, variable, null);
    }

    /// <summary>Creates a reference to a file holding the secret.</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The reference.</returns>
    public static SecretReference File(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new SecretReference(SecretStoreNames.File, path, null);
    }

    /// <summary>Wraps a secret the host already holds (fetched from its own vault at start-up, for example).</summary>
    /// <param name="value">The secret.</param>
    /// <returns>A reference that resolves to <paramref name="value"/>.</returns>
    /// <remarks>Prefer a store: a reference to a store lets the secret rotate and keeps it out of option objects.</remarks>
    public static SecretReference FromValue(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return new SecretReference("inline", "(inline secret)", value);
    }

    /// <inheritdoc />
    public override string ToString() => IsInline ? "inline:(hidden)" : $"{Store}:{Name}";
}
