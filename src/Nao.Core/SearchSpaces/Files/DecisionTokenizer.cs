using Nao.Genotypes;
using Nao.Tokenization;

namespace Nao.SearchSpaces.Files;

/// <summary>
/// Tokens of a space defined in a file: one token per decision, in file order. Ids: 0 start; then the values of
/// each value list, list by list in file order (so a file can reproduce a built-in tokenizer's ids). Sequences are
/// made canonical by sorting the members of every interchangeable repetition (inner ones first).
/// </summary>
public sealed class DecisionTokenizer : ITokenizer
{
    private readonly SpaceLayout _layout;
    private readonly Dictionary<string, int>[] _tokenByValue;

    internal DecisionTokenizer(SpaceLayout layout)
    {
        _layout = layout;
        _tokenByValue = [.. layout.PositionLists.Select(l => Enumerable.Range(0, l.Values.Length).ToDictionary(i => l.Values[i], l.Token, StringComparer.Ordinal))];
    }

    /// <inheritdoc />
    public int Length => _layout.Length;

    /// <inheritdoc />
    public int VocabularySize => _layout.VocabularySize;

    /// <summary>The decisions' paths, one per position.</summary>
    public IReadOnlyList<string> Names => _layout.Paths;

    /// <inheritdoc />
    public IReadOnlyList<int> ValidTokens(int position) => _layout.Valid[position];

    /// <inheritdoc />
    public int[] Tokenize(Genotype genotype)
    {
        if (genotype is not DecisionGenotype decisions || decisions.SpaceName != _layout.Name)
        {
            throw new ArchitectureFormatException(
                $"Expected an architecture of the '{_layout.Name}' space, got {(genotype is DecisionGenotype d ? $"one of the '{d.SpaceName}' space" : $"a {genotype.GetType().Name}")}.");
        }
        if (decisions.Values.Length != Length)
        {
            throw new ArchitectureFormatException($"The architecture has {decisions.Values.Length} decisions; the '{_layout.Name}' space has {Length}.");
        }
        var tokens = new int[Length];
        for (var p = 0; p < Length; p++)
        {
            if (!_tokenByValue[p].TryGetValue(decisions.Values[p], out tokens[p]) || Array.BinarySearch(_layout.Valid[p], tokens[p]) < 0)
            {
                throw new ArchitectureFormatException(
                    $"Decision {_layout.Paths[p]} is '{decisions.Values[p]}'; valid there: {string.Join(", ", _layout.Valid[p].Select(_layout.ValueText))}.");
            }
        }
        _layout.Canonicalize(tokens);
        return tokens;
    }

    /// <inheritdoc />
    public Genotype Detokenize(IReadOnlyList<int> tokens)
    {
        this.CheckSequence(tokens);
        var canonical = tokens.ToArray();
        _layout.Canonicalize(canonical);
        return new DecisionGenotype(_layout.Name, _layout.Paths, canonical.Select(_layout.ValueText), _layout.Render(canonical, _layout.Text),
            () => [.. _layout.DisplayLines.Select(line => _layout.Render(canonical, line))]);
    }

    /// <summary>
    /// Permutes the members of one random interchangeable group per top-level item (per cell in a two-cell space):
    /// two members are swapped, larger groups shuffled. One <c>random.Next(groups in the item)</c> per item with
    /// groups, as <see cref="CellTokenizer.Augment"/> does; a space without groups gets a copy and draws nothing.
    /// </summary>
    public int[] Augment(IReadOnlyList<int> tokens, Random random)
    {
        var result = tokens.ToArray();
        foreach (var unit in _layout.UnitGroups)
        {
            var group = _layout.Groups[unit[random.Next(unit.Length)]];
            var members = group.MemberStarts.Select(s => result.AsSpan(s, group.MemberLength).ToArray()).ToArray();
            if (members.Length == 2) (members[0], members[1]) = (members[1], members[0]);
            else random.Shuffle(members);
            for (var m = 0; m < members.Length; m++) members[m].CopyTo(result, group.MemberStarts[m]);
        }
        return result;
    }

    /// <summary>The value's text; integer values are prefixed with their list's name (e.g. <c>input 3</c>).</summary>
    public string TokenName(int token)
    {
        if (token == ITokenizer.StartToken) return "<start>";
        if (token < 0 || token >= VocabularySize) return "<out of range>";
        var (list, index) = _layout.Value(token);
        return list.Integers is null ? list.Values[index] : $"{list.Name} {list.Values[index]}";
    }
}
