using System.Text.Json.Nodes;
using System.Numerics;
using Nao.Genotypes;
using Nao.Tokenization;

namespace Nao.SearchSpaces.Files;

/// <summary>
/// A search space defined in a YAML or JSON file (<see cref="SpaceFile"/>). Sample, mutate and validate are those
/// of <see cref="SearchSpace"/> over a <see cref="DecisionTokenizer"/>; the file's text is kept in
/// <see cref="Source"/> so a run can store it and rebuild the space without the file.
/// </summary>
public sealed class FileSearchSpace : ISearchSpace, IControllerDefaults
{
    private readonly SpaceLayout _layout;
    private readonly SearchSpace _space;

    internal FileSearchSpace(SpaceLayout layout, string source, string sourceName, JsonObject? controller = null)
    {
        ControllerDefaults = controller;
        _layout = layout;
        Source = source;
        SourceName = sourceName;
        Tokenizer = new DecisionTokenizer(layout);
        _space = new SearchSpace(layout.Name, layout.Description, layout.Size, layout.Operations, Tokenizer, Read);
    }

    /// <summary>The file's complete text; <c>SpaceFile.Parse(Source, SourceName)</c> rebuilds this space.</summary>
    public string Source { get; }

    /// <summary>The file's <c>controller:</c> settings for the NAO controller; null when it has none.</summary>
    public JsonObject? ControllerDefaults { get; }

    /// <summary>Where the text came from (a path, or the name given to <see cref="SpaceFile.Parse"/>), for messages.</summary>
    public string SourceName { get; }

    /// <inheritdoc />
    public string Name => _space.Name;

    /// <inheritdoc />
    public string Description => _space.Description;

    /// <inheritdoc />
    public BigInteger Size => _space.Size;

    /// <inheritdoc />
    public IReadOnlyList<string> Operations => _space.Operations;

    /// <summary>The token encoding: one token per decision.</summary>
    public DecisionTokenizer Tokenizer { get; }

    ITokenizer ISearchSpace.Tokenizer => Tokenizer;

    /// <inheritdoc />
    public Genotype Parse(string text) => _space.Parse(text);

    /// <inheritdoc />
    public void Validate(Genotype genotype) => _space.Validate(genotype);

    /// <inheritdoc />
    public Genotype Sample(Random random) => _space.Sample(random);

    /// <inheritdoc />
    public Genotype Mutate(Genotype genotype, Random random) => _space.Mutate(genotype, random);

    /// <summary>
    /// The architecture for <c>nao show</c>: one line per top-level item (per cell, per layer), written with the
    /// repetition's <c>display</c> template, or its <c>format</c> when it has none.
    /// </summary>
    /// <exception cref="ArchitectureFormatException">The architecture is not of this space.</exception>
    public IReadOnlyList<string> Display(Genotype genotype)
    {
        var tokens = Tokenizer.Tokenize(genotype);
        return [.. _layout.DisplayLines.Select(line => _layout.Render(tokens, line))];
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private DecisionGenotype Read(string text) => (DecisionGenotype)Tokenizer.Detokenize(_layout.ParseText(text));
}
