using System.Collections.Concurrent;
using Nao.Evaluation;
using Nao.Experiments;
using Nao.Genotypes;
using Nao.Strategies;
using Nao.Tests.Experiments;

namespace Nao.Tests.Evaluation;

public sealed class TrialAwareEvaluatorTests
{
    [Fact]
    public async Task The_search_loop_gives_a_trial_aware_evaluator_each_trials_index_round_tokens_and_the_search_seed()
    {
        var evaluator = new Recorder();
        var loop = new SearchLoop(Searches.Space, new RandomSearch(Searches.Space, new Random(5)), evaluator, new MemoryTrialStore(),
            new SearchLoopOptions { Budget = 5, Parallel = 2 }) { Seed = 11 };

        var summary = await loop.RunAsync(CancellationToken.None);

        Assert.Equal(0, evaluator.PlainCalls);
        var contexts = evaluator.Contexts.OrderBy(c => c.Index).ToList();
        Assert.Equal([0, 1, 2, 3, 4], contexts.Select(c => c.Index));
        Assert.All(contexts, c => Assert.Equal(11, c.Seed));
        Assert.Equal(summary.Trials.Select(t => t.Genotype), contexts.Select(c => c.Genotype));
        Assert.Equal(summary.Trials.Select(t => t.Round), contexts.Select(c => c.Round));
        Assert.All(contexts, c => Assert.Equal(Searches.Space.Tokenizer.Tokenize(c.Genotype), c.Tokens));
        Assert.All(summary.Trials, t => Assert.Equal([(double)t.Index], t.Curve.Select(p => p.Step)));
    }

    private sealed class Recorder : ITrialAwareEvaluator
    {
        public ConcurrentBag<TrialContext> Contexts { get; } = [];

        public int PlainCalls { get; private set; }

        public string Name => "recorder";

        public Task<EvaluationResult> EvaluateAsync(Genotype genotype, CancellationToken cancellationToken)
        {
            PlainCalls++;
            return Task.FromResult(EvaluationResult.Ok(0));
        }

        public Task<EvaluationResult> EvaluateAsync(TrialContext context, CancellationToken cancellationToken)
        {
            Contexts.Add(context);
            return Task.FromResult(EvaluationResult.Ok(context.Index) with { Curve = [new CurvePoint(context.Index, 0.5)] });
        }
    }
}
