using System.Diagnostics;
using Nao.Evaluation;
using Nao.Experiments;
using Nao.Genotypes;
using Nao.SearchSpaces;

namespace Nao.WeightSharing;

/// <summary>
/// The end of a weight-sharing search (<c>--final-train k</c>): retrain the top k architectures by their last
/// shared-weight score from scratch, and, as the baseline, <c>--final-random m</c> random ones the same way. Each is
/// scored with the final supernet too, so the report can rank-correlate shared-weight and stand-alone scores. Every
/// finished training is saved before the next starts, so a killed run resumes with the rest.
/// </summary>
public sealed class FinalTraining(ISearchSpace space, WeightSharingOptions options, ISupernet supernet, IEvaluator trainer, IStandaloneStore store)
{
    /// <summary>Receives each result as it is saved. Default: none.</summary>
    public IProgress<StandaloneResult>? Progress { get; init; }

    /// <summary>
    /// The architectures to retrain: the top k of the last round by shared-weight score (distinct, ties in trial
    /// order), then m random ones outside them, drawn from <paramref name="seed"/>.
    /// </summary>
    public IReadOnlyList<(string Role, int Rank, Genotype Genotype)> Candidates(IReadOnlyList<Trial> trials, int seed)
    {
        var lastRound = trials.Count == 0 ? 0 : trials.Max(t => t.Round);
        var top = trials.Where(t => t.Round == lastRound && t.Status == TrialStatus.Ok)
            .OrderByDescending(t => t.Score).ThenBy(t => t.Index)
            .Select(t => t.Genotype).Distinct().Take(options.FinalTrain).ToList();
        var list = top.Select((g, i) => ("top", i + 1, g)).ToList();
        var taken = new HashSet<Genotype>(top);
        var random = new Random(seed);
        for (var attempt = 0; list.Count < top.Count + options.FinalRandom && attempt < 10_000; attempt++)
        {
            var g = space.Sample(random);
            if (taken.Add(g)) list.Add(("random", list.Count - top.Count + 1, g));
        }
        return list;
    }

    /// <summary>Trains every candidate not yet in the store; returns all results.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; finished results are kept, the interrupted one reruns on resume.</exception>
    public async Task<IReadOnlyList<StandaloneResult>> RunAsync(IReadOnlyList<Trial> trials, int seed, CancellationToken cancellationToken)
    {
        var done = store.LoadStandalone().ToDictionary(r => (r.Role, r.Rank));
        foreach (var (role, rank, genotype) in Candidates(trials, seed))
        {
            if (done.TryGetValue((role, rank), out var old) && old.Genotype == genotype) continue;
            cancellationToken.ThrowIfCancellationRequested();
            var shared = supernet.Score(genotype, cancellationToken);
            var clock = Stopwatch.StartNew();
            EvaluationResult result;
            try
            {
                result = await trainer.EvaluateAsync(genotype, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                result = EvaluationResult.Failed($"{e.GetType().Name}: {e.Message}");
            }
            var saved = new StandaloneResult
            {
                Role = role,
                Rank = rank,
                Genotype = genotype,
                SharedScore = shared.IsOk ? shared.Score : double.NaN,
                Status = result.IsOk ? TrialStatus.Ok : TrialStatus.Failed,
                Score = result.IsOk ? result.Score : double.NaN,
                Metrics = result.Metrics,
                Error = result.IsOk ? null : result.Error ?? "the training failed without a message",
                Seconds = clock.Elapsed.TotalSeconds,
            };
            store.SaveStandalone(saved);
            Progress?.Report(saved);
        }
        return store.LoadStandalone();
    }
}
