using Nao.Genotypes;

namespace Nao.SearchSpaces;

/// <summary>
/// What a user typed where a command takes <c>NAME-OR-ARCH</c>: a published name or an architecture string,
/// resolved to a space and a genotype.
/// </summary>
/// <param name="Space">The space the architecture belongs to.</param>
/// <param name="Genotype">The architecture.</param>
/// <param name="PublishedName">The published name, when one was given.</param>
public sealed record ArchitectureReference(ISearchSpace Space, Genotype Genotype, string? PublishedName)
{
    /// <summary>
    /// Resolves a published name or an architecture string. With <paramref name="spaceName"/> the architecture must
    /// belong to that space; without it, a published name brings its own space and a string's space is inferred.
    /// </summary>
    /// <exception cref="ArchitectureFormatException">A malformed string, or an architecture of another space.</exception>
    /// <exception cref="UnknownNameException">An unknown space, or a name that is neither published nor an architecture.</exception>
    public static ArchitectureReference Resolve(string nameOrArchitecture, string? spaceName = null)
    {
        ArgumentNullException.ThrowIfNull(nameOrArchitecture);
        var space = spaceName is null ? null : SearchSpaceRegistry.Get(spaceName);
        var published = PublishedArchitectures.Find(nameOrArchitecture);
        if (published is not null)
        {
            if (space is not null && space != published.Space)
            {
                throw new ArchitectureFormatException(
                    $"{published.Name} belongs to the '{published.Space.Name}' space, not '{space.Name}'. Use --space {published.Space.Name}.");
            }
            return new ArchitectureReference(published.Space, published.Genotype, published.Name);
        }
        var text = nameOrArchitecture.Trim();
        if (LooksLikeAName(text))
        {
            throw new UnknownNameException("published architecture", text, PublishedArchitectures.All.Select(a => a.Name));
        }
        space ??= SearchSpaceRegistry.Infer(text);
        return new ArchitectureReference(space, space.Parse(text), null);
    }

    // A bare word (no digits-with-colon, brackets or bars) can only have meant a published name.
    private static bool LooksLikeAName(string text) =>
        text.Length > 0 && text.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.') && !text.Contains(':');
}
