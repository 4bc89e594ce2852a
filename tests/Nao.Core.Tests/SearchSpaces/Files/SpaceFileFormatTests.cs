using System.Numerics;
using Nao.Genotypes;
using Nao.SearchSpaces.Files;

namespace Nao.Tests.SearchSpaces.Files;

public sealed class SpaceFileFormatTests
{
    private static FileSearchSpace Space(params string[] lines) => SpaceFile.Parse(string.Join('\n', lines), "test.yaml");

    // Every token sequence valid at its positions, for spaces small enough to enumerate.
    private static IEnumerable<int[]> AllSequences(FileSearchSpace space)
    {
        var tokenizer = space.Tokenizer;
        IEnumerable<int[]> sequences = [[]];
        for (var p = 0; p < tokenizer.Length; p++)
        {
            var valid = tokenizer.ValidTokens(p);
            sequences = sequences.SelectMany(s => valid.Select(t => (int[])[.. s, t]));
        }
        return sequences;
    }

    [Fact]
    public void Nested_interchangeable_groups_count_each_multiset_once()
    {
        var space = Space(
            "name: pairs",
            "values:",
            "  v: [a, b, c]",
            "architecture:",
            "  - repeat: pair",
            "    count: 2",
            "    interchangeable: true",
            "    format: '[{x}]'",
            "    body:",
            "      - repeat: x",
            "        count: 2",
            "        interchangeable: true",
            "        body:",
            "          - decision: v");
        // An inner pair is one of C(4,2) = 6 multisets; the outer pair one of C(7,2) = 21.
        Assert.Equal(new BigInteger(21), space.Size);
        var distinct = AllSequences(space).Select(t => space.Tokenizer.Detokenize(t)).Distinct().ToList();
        Assert.Equal(21, distinct.Count);
        Assert.Contains(distinct, g => g.Canonical == "[a b] [a c]");
        Assert.Equal("[a b] [a c]", space.Parse("[c a] [b a]").Canonical);
    }

    [Fact]
    public void A_group_of_three_counts_multisets_and_augmenting_keeps_the_architecture()
    {
        var space = Space(
            "name: triple",
            "values:",
            "  v: [a, b, c, d]",
            "architecture:",
            "  - repeat: cell",
            "    over: [left, right]",
            "    format: '{cell}={m}'",
            "    body:",
            "      - repeat: m",
            "        count: 3",
            "        interchangeable: true",
            "        separator: ','",
            "        body:",
            "          - decision: v");
        Assert.Equal(BigInteger.Pow(20, 2), space.Size); // C(4+3-1, 3) = 20 per cell
        Assert.Equal(400, AllSequences(space).Select(t => space.Tokenizer.Detokenize(t).Canonical).Distinct().Count());
        var random = new Random(2);
        for (var i = 0; i < 200; i++)
        {
            var genotype = space.Sample(random);
            var augmented = space.Tokenizer.Augment(space.Tokenizer.Tokenize(genotype), random);
            Assert.Equal(genotype, space.Tokenizer.Detokenize(augmented));
        }
    }

    [Fact]
    public void A_space_without_groups_augments_to_a_copy_and_draws_nothing()
    {
        var space = SampleSpaces.Load("chain.yaml");
        var tokens = space.Tokenizer.Tokenize(space.Sample(new Random(1)));
        var (used, fresh) = (new Random(8), new Random(8));
        Assert.Equal(tokens, space.Tokenizer.Augment(tokens, used));
        Assert.Equal(fresh.Next(), used.Next());
    }

    [Fact]
    public void Subsets_and_lower_bounds_narrow_the_valid_tokens()
    {
        var space = Space(
            "name: narrow",
            "values:",
            "  op: [a, b, c]",
            "  k: {range: [1, 5]}",
            "architecture:",
            "  - decision: first",
            "    values: op",
            "    subset: [c, a]",
            "  - repeat: i",
            "    count: 3",
            "    body:",
            "      - decision: k",
            "        min: i + 2",
            "        max: 4");
        Assert.Equal([1, 3], space.Tokenizer.ValidTokens(0));
        Assert.Equal([5, 6, 7], space.Tokenizer.ValidTokens(1)); // k 2..4 are tokens 5..7
        Assert.Equal([7], space.Tokenizer.ValidTokens(3));
        Assert.Equal(new BigInteger(2 * 3 * 2 * 1), space.Size);
        Assert.Equal("k 2", space.Tokenizer.TokenName(5));
        var genotype = space.Parse("c 3 3 4");
        Assert.Equal(["first: c", "3", "3", "4"], space.Display(genotype));
    }

    [Fact]
    public void The_stored_source_rebuilds_the_same_space_without_the_file()
    {
        var loaded = SampleSpaces.Load("enas.yaml");
        Assert.EndsWith("enas.yaml", loaded.SourceName);
        var rebuilt = SpaceFile.Parse(loaded.Source, "run.db");
        Assert.Equal(loaded.Size, rebuilt.Size);
        Assert.Equal(loaded.Name, rebuilt.Name);
        var genotype = loaded.Sample(new Random(6));
        Assert.Equal(genotype, rebuilt.Parse(genotype.Canonical));
        rebuilt.Validate(genotype);
    }

    [Fact]
    public void A_json_file_reads_like_the_yaml_one()
    {
        var json = """
            {
              "name": "nb201-json",
              "values": { "op": ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"] },
              "architecture": [
                { "repeat": "node", "count": 3, "separator": "+", "format": "|{edge}",
                  "body": [ { "repeat": "edge", "count": "node + 1", "separator": "", "format": "{op}~{edge}|",
                              "body": [ { "decision": "op" } ] } ] }
              ]
            }
            """;
        var space = SpaceFile.Parse(json, "nb201.json");
        var yaml = SampleSpaces.Load("nb201.yaml");
        Assert.Equal(yaml.Size, space.Size);
        var genotype = yaml.Sample(new Random(3));
        Assert.Equal(genotype.Canonical, space.Parse(genotype.Canonical).Canonical);
        Assert.Equal(space.Size, SpaceFile.Parse(json.Replace("  ", "\t"), "tabs.json").Size);
        var broken = json.Replace("\"count\": 3", "\"cout\": 3");
        var error = Assert.Throws<SpaceFileException>(() => SpaceFile.Parse(broken, "nb201.json"));
        Assert.Contains("nb201.json:5:", error.Message);
        Assert.Contains("'cout': unknown key", error.Message);
    }

    [Fact]
    public void A_genotype_of_another_file_space_is_refused()
    {
        var chain = SampleSpaces.Load("chain.yaml");
        var nb201 = SampleSpaces.Load("nb201.yaml");
        var error = Assert.Throws<ArchitectureFormatException>(() => chain.Validate(nb201.Sample(new Random(1))));
        Assert.Contains("'nb201-file'", error.Message);
    }

    [Fact]
    public void Load_names_the_path_in_errors()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nao-space-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "name: x\nvalues: {op: [a]}\n");
        try
        {
            var error = Assert.Throws<SpaceFileException>(() => SpaceFile.Load(path));
            Assert.StartsWith(path + ":1:1: 'architecture'", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
