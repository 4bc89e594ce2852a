namespace Nao.SearchSpaces;

/// <summary>A name that no registry knows; the message lists the valid names.</summary>
public sealed class UnknownNameException : ArgumentException
{
    /// <summary>Creates the exception for a <paramref name="kind"/> (e.g. "search space") named <paramref name="name"/>.</summary>
    public UnknownNameException(string kind, string name, IEnumerable<string> validNames)
        : base($"Unknown {kind} '{name}'. Valid {kind}s: {string.Join(", ", validNames)}.")
    {
        Kind = kind;
        Name = name;
    }

    /// <summary>What kind of name it was.</summary>
    public string Kind { get; }

    /// <summary>The name given.</summary>
    public string Name { get; }
}
