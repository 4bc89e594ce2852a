using Nao.Evaluation;
using Nao.Experiments;
using Nao.Search;
using Nao.SearchSpaces.Files;
using Nao.Sessions;
using Nao.Storage;

namespace Nao.Tests.Sessions;

public sealed class NaoSearchTests : IDisposable
{
    private const string ChainSpace = """
        name: tiny-chain
        values:
          op: [conv, pool, skip]
          width: [8, 16, 32]
        architecture:
          - repeat: layer
            count: 3
            separator: " "
            format: "{op}/{width}"
            body:
              - decision: op
              - decision: width
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("nao-api-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A stand-in for training: wider layers and convolutions score higher.</summary>
    private static Task<EvaluationResult> Score(Nao.Genotypes.Genotype genotype, CancellationToken _)
    {
        var g = (DecisionGenotype)genotype;
        var score = Enumerable.Range(0, 3).Sum(i => double.Parse(g[$"layer{i}.width"]) + (g[$"layer{i}.op"] == "conv" ? 10 : 0));
        return Task.FromResult(EvaluationResult.Ok(score));
    }

    [Fact]
    public async Task A_program_searches_its_own_space_with_a_lambda_into_a_run_folder()
    {
        var space = SpaceFile.Parse(ChainSpace, "tiny-chain.yaml");
        var run = Path.Combine(_folder, "run");

        var result = await NaoSearch.RunAsync(run, space, Score, new SearchOptions { Strategy = "evolution", Seed = 1, Loop = new SearchLoopOptions { Budget = 30 } });

        Assert.Equal(30, result.Summary.Trials.Count);
        Assert.Equal(result.Summary.Trials.Max(t => t.Score), result.Summary.Best!.Score);
        Assert.True(File.Exists(result.ReportPath));
        using var store = RunStore.OpenReader(run);
        Assert.Equal(30, store.LoadTrials().Count);
        Assert.Equal(ChainSpace, store.Options.SpaceDefinition);
    }

    [Fact]
    public async Task Calling_again_with_a_larger_budget_extends_the_same_run_to_the_trials_of_a_longer_one()
    {
        var space = SpaceFile.Parse(ChainSpace, "tiny-chain.yaml");
        SearchOptions Options(int budget) => new() { Strategy = "random", Seed = 2, Loop = new SearchLoopOptions { Budget = budget } };
        var whole = await NaoSearch.RunAsync(Path.Combine(_folder, "whole"), space, Score, Options(20));
        var evaluated = 0;
        Task<EvaluationResult> Counting(Nao.Genotypes.Genotype g, CancellationToken ct)
        {
            Interlocked.Increment(ref evaluated);
            return Score(g, ct);
        }

        await NaoSearch.RunAsync(Path.Combine(_folder, "cut"), space, Counting, Options(12));
        var extended = await NaoSearch.RunAsync(Path.Combine(_folder, "cut"), space, Counting, Options(20));

        Assert.Equal(20, evaluated);
        Assert.Equal(whole.Summary.Trials.Select(t => t.Genotype.Canonical), extended.Summary.Trials.Select(t => t.Genotype.Canonical));
    }

    [Fact]
    public async Task A_run_folder_of_other_options_is_refused_and_left_as_it_was()
    {
        var space = SpaceFile.Parse(ChainSpace, "tiny-chain.yaml");
        var run = Path.Combine(_folder, "run");
        await NaoSearch.RunAsync(run, space, Score, new SearchOptions { Strategy = "random", Seed = 3, Loop = new SearchLoopOptions { Budget = 5 } });

        var refused = await Assert.ThrowsAsync<SearchSetupException>(() =>
            NaoSearch.RunAsync(run, space, Score, new SearchOptions { Strategy = "evolution", Seed = 3, Loop = new SearchLoopOptions { Budget = 5 } }));

        Assert.Contains("other options", refused.Message);
        using var store = RunStore.OpenReader(run);
        Assert.Equal("random", store.Options.Strategy);
        Assert.Equal(5, store.LoadTrials().Count);
    }
}
