using Nao.Benchmarks;
using Nao.Evaluation;
using Nao.Genotypes;
using Nao.SearchSpaces;

namespace Nao.Tests.Evaluation;

public sealed class CsvTableEvaluatorTests : IDisposable
{
    private const string Best = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|";
    private const string Other = "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|";
    private readonly string _dir = Directory.CreateTempSubdirectory("nao-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Csv(string text, string name = "table.csv")
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }

    [Fact]
    public async Task The_metric_column_is_the_score_and_every_numeric_cell_of_the_row_is_a_metric()
    {
        var path = Csv($"""
            architecture,accuracy,params,notes
            {Best},91.5,1.2e6,best one
            {Other},80.25,,
            """);
        var evaluator = new CsvTableEvaluator(new CsvTableEvaluatorOptions { Path = path, Metric = "accuracy" }, SearchSpaceRegistry.Nb201);

        var best = await evaluator.EvaluateAsync(SearchSpaceRegistry.Nb201.Parse(Best), CancellationToken.None);
        var other = await evaluator.EvaluateAsync(SearchSpaceRegistry.Nb201.Parse(Other), CancellationToken.None);

        Assert.Equal(2, evaluator.Count);
        Assert.Equal(91.5, best.Score);
        Assert.Equal(new Dictionary<string, double> { ["accuracy"] = 91.5, ["params"] = 1.2e6 }, best.Metrics);
        Assert.Equal(80.25, other.Score);
        Assert.Single(other.Metrics);
    }

    [Fact]
    public async Task A_row_written_with_a_nodes_branches_in_the_other_order_matches_its_canonical_architecture()
    {
        var space = SearchSpaceRegistry.Enas;
        var genotype = Enumerable.Range(0, 50).Select(i => space.Sample(new Random(i))).First(g => Swapped(g.Canonical) != g.Canonical);
        var path = Csv($"""
            arch,score
            "{Swapped(genotype.Canonical)}",0.5
            """);
        var evaluator = new CsvTableEvaluator(new CsvTableEvaluatorOptions { Path = path, KeyColumn = "arch" }, space);

        var result = await evaluator.EvaluateAsync(genotype, CancellationToken.None);

        Assert.True(result.IsOk, result.Error);
        Assert.Equal(0.5, result.Score);
    }

    /// <summary>The same architecture with the first normal node's two branches swapped.</summary>
    private static string Swapped(string canonical)
    {
        var start = canonical.IndexOf('(', StringComparison.Ordinal);
        var end = canonical.IndexOf(' ', start);
        var halves = canonical[start..end].Split('+');
        return string.Concat(canonical.AsSpan(0, start), $"{halves[1]}+{halves[0]}", canonical.AsSpan(end));
    }

    [Fact]
    public async Task An_architecture_not_in_the_table_is_a_failed_trial_that_says_so()
    {
        var path = Csv($"architecture,score\n{Best},1\n");
        var evaluator = new CsvTableEvaluator(new CsvTableEvaluatorOptions { Path = path }, SearchSpaceRegistry.Nb201);

        var result = await evaluator.EvaluateAsync(SearchSpaceRegistry.Nb201.Parse(Other), CancellationToken.None);

        Assert.Equal(EvaluationStatus.Failed, result.Status);
        Assert.Contains($"{Other} is not in the table {path}", result.Error);
    }

    [Fact]
    public void Rows_that_do_not_parse_are_named_by_file_line_and_parse_message()
    {
        var path = Csv($"architecture,score\n{Best},1\n|bogus_op~0|+|none~0|none~1|+|none~0|none~1|none~2|,2\n");

        var error = Assert.Throws<InvalidDataException>(() => new CsvTableEvaluator(new CsvTableEvaluatorOptions { Path = path }, SearchSpaceRegistry.Nb201));

        Assert.StartsWith($"{path}: 1 bad row: line 3: '|bogus_op~0|", error.Message);
        Assert.Contains("is not a nb201 architecture: ", error.Message);
        Assert.Contains("bogus_op", error.Message[(error.Message.IndexOf("architecture: ", StringComparison.Ordinal))..]);
    }

    [Fact]
    public void Many_bad_rows_are_summed_up_as_the_first_few_and_a_count()
    {
        var path = Csv("architecture,score\n" + string.Concat(Enumerable.Range(0, 8).Select(i => $"nonsense{i},1\n")));

        var error = Assert.Throws<InvalidDataException>(() => new CsvTableEvaluator(new CsvTableEvaluatorOptions { Path = path }, SearchSpaceRegistry.Nb201));

        Assert.Contains("8 bad rows", error.Message);
        Assert.Contains("line 6: 'nonsense4'", error.Message);
        Assert.DoesNotContain("nonsense5", error.Message);
        Assert.Contains("and 3 more bad rows", error.Message);
    }

    [Fact]
    public void A_missing_metric_or_key_column_lists_the_columns()
    {
        var path = Csv($"architecture,valid_acc,test_acc\n{Best},1,2\n");

        var metric = Assert.Throws<InvalidDataException>(() => new CsvTableEvaluator(new CsvTableEvaluatorOptions { Path = path, Metric = "accuracy" }, SearchSpaceRegistry.Nb201));
        var key = Assert.Throws<InvalidDataException>(() => new CsvTableEvaluator(new CsvTableEvaluatorOptions { Path = path, KeyColumn = "arch_str", Metric = "test_acc" }, SearchSpaceRegistry.Nb201));

        Assert.Equal($"{path}: no column 'accuracy' for the metric; the columns are: architecture, valid_acc, test_acc.", metric.Message);
        Assert.Contains("no column 'arch_str' for the architecture column; the columns are: architecture, valid_acc, test_acc.", key.Message);
    }

    [Fact]
    public async Task Noise_is_seeded_by_the_architecture_so_reruns_agree()
    {
        var path = Csv($"architecture,score\n{Best},1\n");
        CsvTableEvaluator Make(int seed) => new(new CsvTableEvaluatorOptions { Path = path, NoiseStd = 0.1, NoiseSeed = seed }, SearchSpaceRegistry.Nb201);
        var genotype = SearchSpaceRegistry.Nb201.Parse(Best);

        var a = (await Make(1).EvaluateAsync(genotype, CancellationToken.None)).Score;
        var b = (await Make(1).EvaluateAsync(genotype, CancellationToken.None)).Score;
        var c = (await Make(2).EvaluateAsync(genotype, CancellationToken.None)).Score;

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(1.0, a);
    }

    [Fact]
    public void The_nas_bench_201_table_finds_the_row_of_any_genotype_with_the_same_canonical_text()
    {
        var ofAnotherSpace = new Lookalike(Best);

        Assert.Equal(TabularBenchmark.Nb201.Lookup(SearchSpaceRegistry.Nb201.Parse(Best)), TabularBenchmark.Nb201.Lookup(ofAnotherSpace));
        Assert.NotNull(TabularBenchmark.Nb201.Lookup(ofAnotherSpace));
    }

    /// <summary>A genotype of another type (e.g. a file-defined space) whose canonical form is NAS-Bench-201's.</summary>
    private sealed class Lookalike(string canonical) : Genotype
    {
        public override string Canonical => canonical;
    }
}
