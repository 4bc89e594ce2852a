using Nao.Evaluation;
using Nao.Experiments;
using Nao.Search;
using Nao.Storage;
using Nao.Tests.Experiments;

namespace Nao.Tests.Storage;

public sealed class StoppedTrialStorageTests : IDisposable
{
    private readonly string _dir = Path.Combine(Directory.CreateTempSubdirectory("nao-stopped-").FullName, "run");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_dir)!, recursive: true);

    [Fact]
    public void A_stopped_trial_round_trips_with_its_status_told_score_reason_partial_curve_and_a_matching_checksum()
    {
        var genotype = Searches.Space.Sample(new Random(1));
        var pending = new Trial { Index = 0, Round = 0, Genotype = genotype, Tokens = [.. Searches.Space.Tokenizer.Tokenize(genotype)], Started = DateTime.UtcNow };
        using (var store = RunStore.Create(_dir, new SearchOptions { Strategy = "random", Seed = 1 }))
        {
            store.AddPending(pending);
            store.Complete(pending with
            {
                Status = TrialStatus.Stopped, Score = 0.42, Error = "median stopping: below the median", Curve = [new CurvePoint(1, 0.3), new CurvePoint(2, 0.42)],
                Metrics = new Dictionary<string, double> { ["stopped_step"] = 2 }, Finished = DateTime.UtcNow,
            });
        }

        using var reader = RunStore.OpenReader(_dir);
        var trial = Assert.Single(reader.LoadTrials());

        Assert.Empty(reader.Damage);
        Assert.Equal(TrialStatus.Stopped, trial.Status);
        Assert.Equal(0.42, trial.Score);
        Assert.Equal("median stopping: below the median", trial.Error);
        Assert.Equal([0.3, 0.42], trial.Curve.Select(p => p.Score));
        Assert.True(trial.IsFinished);
        Assert.True(trial.ToResult().IsOk); // the strategy is told the stopped trial's score
    }
}
