using System.Text.Json.Nodes;
using Nao.Evaluation;
using Nao.Evaluation.Command;
using Nao.Genotypes;
using Nao.SearchSpaces;

namespace Nao.Tests.Evaluation.Command;

public sealed partial class CommandEvaluatorTests : IDisposable
{
    private const string Arch = "|nor_conv_3x3~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|";
    private readonly string _root = Directory.CreateTempSubdirectory("nao-command-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static ISearchSpace Space => SearchSpaceRegistry.Nb201;

    private string Trials => Path.Combine(_root, "trials");

    /// <summary>An evaluator whose command runs a shell script with this body.</summary>
    private CommandEvaluator Script(string body, int seed = 7)
    {
        var path = Path.Combine(_root, $"script-{Guid.NewGuid():N}.sh");
        File.WriteAllText(path, body.ReplaceLineEndings("\n"));
        return new CommandEvaluator(new CommandEvaluatorOptions { Command = $"sh '{path}'" }, Space, Trials, seed);
    }

    private static TrialContext Context(int index, int round = 0, string arch = Arch)
    {
        var genotype = Space.Parse(arch);
        return new TrialContext { Index = index, Round = round, Genotype = genotype, Tokens = [.. Space.Tokenizer.Tokenize(genotype)] };
    }

    [Fact]
    public async Task The_last_result_line_is_the_score_earlier_lines_with_an_epoch_are_the_curve_and_numbers_are_metrics()
    {
        var evaluator = Script("""
            echo "loading data"
            echo '{"epoch": 1, "score": 0.5, "loss": 2.5}'
            echo 'not json {"score": 1}'
            echo '{"epoch": 2, "score": 0.7, "loss": 1.25, "note": "text"}'
            echo '{"score": 0.75, "test_accuracy": 0.7, "parameters": 12345}'
            echo done
            """);

        var result = await evaluator.EvaluateAsync(Context(0), CancellationToken.None);

        Assert.True(result.IsOk, result.Error);
        Assert.Equal(0.75, result.Score);
        Assert.Equal(new Dictionary<string, double> { ["parameters"] = 12345, ["test_accuracy"] = 0.7 }, result.Metrics);
        Assert.Equal([1.0, 2.0], result.Curve.Select(p => p.Step));
        Assert.Equal([0.5, 0.7], result.Curve.Select(p => p.Score));
        Assert.Equal(1.25, result.Curve[1].Metrics["loss"]);
        Assert.Single(result.Curve[1].Metrics);
        Assert.Contains("loading data", File.ReadAllText(Path.Combine(Trials, "00000", "stdout.log")));
    }

    [Fact]
    public async Task A_non_zero_exit_fails_with_the_code_the_end_of_stderr_and_the_log_path()
    {
        var evaluator = Script("""
            for i in $(seq 1 30); do echo "warning $i" >&2; done
            echo "CUDA out of memory" >&2
            echo '{"score": 0.9}'
            exit 3
            """);

        var result = await evaluator.EvaluateAsync(Context(12), CancellationToken.None);

        Assert.Equal(EvaluationStatus.Failed, result.Status);
        Assert.Contains("trial 12: the command exited with code 3", result.Error);
        Assert.Contains("CUDA out of memory", result.Error);
        Assert.Contains("warning 30", result.Error);
        Assert.DoesNotContain("warning 20\n", result.Error);
        Assert.Contains(Path.Combine(Trials, "00012", "stderr.log"), result.Error);
    }

    [Fact]
    public async Task A_command_that_prints_no_result_line_fails_and_says_so()
    {
        var evaluator = Script("echo 'training finished'; echo '{\"accuracy\": 0.9}'");

        var result = await evaluator.EvaluateAsync(Context(1), CancellationToken.None);

        Assert.Equal(EvaluationStatus.Failed, result.Status);
        Assert.Contains("printed no result line", result.Error);
        Assert.Contains("stderr (", result.Error);
        Assert.Contains("is empty", result.Error);
    }

    [Theory]
    [InlineData("{\"score\": NaN}", "not valid JSON")]
    [InlineData("{\"score\": \"0.9\"}", "not a number")]
    [InlineData("{\"score\": 0.9", "not valid JSON")]
    public async Task A_malformed_last_result_line_fails_and_quotes_the_line(string line, string why)
    {
        var evaluator = Script($"echo '{{\"score\": 0.5}}'; echo '{line}'");

        var result = await evaluator.EvaluateAsync(Context(2), CancellationToken.None);

        Assert.Equal(EvaluationStatus.Failed, result.Status);
        Assert.Contains("the last result line is not valid: stdout line 2", result.Error);
        Assert.Contains(why, result.Error);
        Assert.Contains(line, result.Error);
    }

    [Fact]
    public async Task The_trial_json_names_the_trial_its_seed_and_folder_and_the_same_bytes_arrive_on_stdin()
    {
        var evaluator = Script("""
            cat > stdin.copy
            printf '%s\n%s\n' "$NAO_TRIAL_JSON" "$NAO_TRIAL_DIR" > env.txt
            pwd -P > pwd.txt
            echo '{"score": 1}'
            """, seed: 99);

        var result = await evaluator.EvaluateAsync(Context(4, round: 2), CancellationToken.None);

        Assert.True(result.IsOk, result.Error);
        var folder = Path.Combine(Trials, "00004");
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "trial.json")), File.ReadAllBytes(Path.Combine(folder, "stdin.copy")));
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "trial.json")))!.AsObject();
        Assert.Equal("nb201", (string?)json["space"]);
        Assert.Equal(Arch, (string?)json["architecture"]);
        Assert.Equal(Context(4).Tokens, json["tokens"]!.AsArray().Select(t => (int)t!));
        Assert.Equal(["p0", "p1", "p2", "p3", "p4", "p5"], json["decisions"]!.AsObject().Select(d => d.Key));
        Assert.Equal("nor_conv_3x3", (string?)json["decisions"]!["p0"]);
        Assert.Equal("none", (string?)json["decisions"]!["p2"]);
        Assert.Equal(4, (int)json["trial"]!);
        Assert.Equal(2, (int)json["round"]!);
        Assert.Equal(CommandEvaluator.TrialSeed(99, 4), (int)json["seed"]!);
        Assert.Equal(folder, (string?)json["workdir"]);
        Assert.Equal([Path.Combine(folder, "trial.json"), folder], File.ReadAllLines(Path.Combine(folder, "env.txt")));
        Assert.Equal(folder, File.ReadAllText(Path.Combine(folder, "pwd.txt")).Trim());
    }

    [Fact]
    public async Task Decisions_come_from_a_genotype_that_names_them()
    {
        var evaluator = Script("echo '{\"score\": 1}'");
        var genotype = new Named([new("lr", "0.01"), new("depth", "3")]);

        await evaluator.EvaluateAsync(new TrialContext { Index = 0, Round = 0, Genotype = genotype, Tokens = [1, 2] }, CancellationToken.None);

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(Trials, "00000", "trial.json")))!;
        Assert.Equal("0.01", (string?)json["decisions"]!["lr"]);
        Assert.Equal("3", (string?)json["decisions"]!["depth"]);
        Assert.Equal(2, json["decisions"]!.AsObject().Count);
    }

    [Fact]
    public void Trial_seeds_are_fixed_by_the_search_seed_and_index_and_differ_between_trials()
    {
        Assert.Equal(CommandEvaluator.TrialSeed(5, 3), CommandEvaluator.TrialSeed(5, 3));
        var seeds = Enumerable.Range(0, 100).Select(i => CommandEvaluator.TrialSeed(5, i)).ToHashSet();
        Assert.Equal(100, seeds.Count);
        Assert.NotEqual(CommandEvaluator.TrialSeed(5, 3), CommandEvaluator.TrialSeed(6, 3));
        Assert.All(seeds, s => Assert.True(s >= 0));
    }

    [Fact]
    public async Task Three_trials_run_at_once_each_in_its_own_folder()
    {
        var evaluator = Script("""
            pwd -P > where.txt
            sleep 0.3
            echo "{\"score\": $(wc -c < trial.json)}"
            """);

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => evaluator.EvaluateAsync(Context(i), CancellationToken.None)));

        Assert.All(results, r => Assert.True(r.IsOk, r.Error));
        var folders = Enumerable.Range(0, 3).Select(i => File.ReadAllText(Path.Combine(Trials, $"{i:D5}", "where.txt")).Trim()).ToList();
        Assert.Equal(3, folders.Distinct().Count());
        Assert.All(Enumerable.Range(0, 3), i => Assert.EndsWith($"{i:D5}", folders[i]));
    }

    [Fact]
    public void Options_that_cannot_run_are_refused_with_the_fix()
    {
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => new CommandEvaluatorOptions().Validate()).Message);
        Assert.Contains("pick another name", Assert.Throws<ArgumentException>(() => new CommandEvaluatorOptions
        {
            Command = "true", Environment = new Dictionary<string, string> { ["NAO_TRIAL_DIR"] = "x" },
        }.Validate()).Message);
        Assert.Contains("letters, digits", Assert.Throws<ArgumentException>(() => new CommandEvaluatorOptions { Command = "true", Name = "a b" }.Validate()).Message);
    }

    private sealed class Named(IReadOnlyList<KeyValuePair<string, string>> decisions) : Genotype, IDecisionValues
    {
        public override string Canonical => string.Join(",", decisions.Select(d => $"{d.Key}={d.Value}"));

        public IReadOnlyList<KeyValuePair<string, string>> Decisions => decisions;
    }
}
