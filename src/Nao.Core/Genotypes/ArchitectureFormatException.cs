namespace Nao.Genotypes;

/// <summary>
/// A malformed architecture: a text that does not parse, or a token sequence that does not detokenize.
/// The message names what is wrong and what was expected, so it can be shown to a user as is.
/// </summary>
public sealed class ArchitectureFormatException : FormatException
{
    /// <summary>Creates the exception with a user-facing message.</summary>
    public ArchitectureFormatException(string message) : base(message) { }
}
