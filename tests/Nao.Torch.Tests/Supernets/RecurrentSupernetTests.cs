using Nao.Genotypes;
using Nao.SearchSpaces;
using Nao.Supernets;
using Nao.Tests;
using TorchSharp;
using static Nao.Torch.Tests.Supernets.RecurrentSupernetTestData;

namespace Nao.Torch.Tests.Supernets;

public sealed class RecurrentSupernetTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public RecurrentSupernetTests() => TorchTestSetup.Initialize();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Training_lowers_the_loss_over_a_few_epochs_and_counts_epochs_over_the_whole_search()
    {
        using var supernet = Supernet(seed: 1);
        var pool = RandomPool(4, seed: 2);

        var reports = Enumerable.Range(0, 4).Select(e => supernet.TrainEpoch(pool, seed: 10 + e, CancellationToken.None)).ToArray();

        Assert.Equal([1, 2, 3, 4], reports.Select(r => r.Epoch));
        Assert.Equal(4, supernet.Epoch);
        Assert.All(reports, r => Assert.True(r.Batches > 10 && r.Duration > TimeSpan.Zero));
        Assert.All(reports, r => Assert.Equal(Math.Exp(r.Loss), r.Metric, 9));
        Assert.True(reports[^1].Loss < reports[0].Loss - 0.3, $"the loss went {reports[0].Loss:F3} → {reports[^1].Loss:F3}");
        // 21 word types: guessing uniformly gives perplexity 21; the repetitive corpus is far more predictable.
        Assert.True(reports[^1].Metric < 10, $"training perplexity {reports[^1].Metric}");
    }

    [Fact]
    public void Training_is_deterministic_for_a_seed_and_depends_on_it()
    {
        var pool = RandomPool(5, seed: 3);
        using var a = Supernet(seed: 4);
        using var b = Supernet(seed: 4);
        using var c = Supernet(seed: 4);

        var ra = a.TrainEpoch(pool, seed: 7, CancellationToken.None);
        var rb = b.TrainEpoch(pool, seed: 7, CancellationToken.None);
        var rc = c.TrainEpoch(pool, seed: 8, CancellationToken.None);

        Assert.Equal(ra.Loss, rb.Loss);
        Assert.Equal(ra.Batches, rb.Batches);
        Assert.Equal(a.Score(pool[0], CancellationToken.None).Score, b.Score(pool[0], CancellationToken.None).Score);
        Assert.NotEqual(ra.Loss, rc.Loss);
    }

    [Fact]
    public void Scores_are_deterministic_finite_minus_log_perplexity_and_leave_the_weights_alone()
    {
        using var supernet = Supernet(seed: 5);
        var pool = RandomPool(6, seed: 4);
        supernet.TrainEpoch(pool, seed: 1, CancellationToken.None);
        Genotype[] scored = [NaoRnn(), EnasRnn(), .. RandomPool(3, seed: 9)];

        var first = scored.Select(g => supernet.Score(g, CancellationToken.None)).ToArray();
        var second = scored.Reverse().Select(g => supernet.Score(g, CancellationToken.None)).Reverse().ToArray();

        for (var i = 0; i < scored.Length; i++)
        {
            var result = first[i];
            Assert.True(result.IsOk, result.Error);
            Assert.Equal(result.Score, second[i].Score);
            Assert.Equal(-Math.Log(result.Metrics["ws_valid_perplexity"]), result.Score, 12);
            Assert.Equal(-result.Metrics["ws_valid_loss"], result.Score, 9);
            Assert.Equal(2, result.Metrics["ws_dev_batches"]);
            Assert.InRange(result.Metrics["ws_valid_perplexity"], 1, 21 * 3);
        }
        // Different architectures run different matrices, so their scores differ.
        Assert.True(first.Select(r => r.Score).Distinct().Count() > 1);
    }

    [Fact]
    public void More_dev_batches_read_more_of_the_validation_stream()
    {
        using var two = Supernet(seed: 6);
        using var three = new RecurrentSupernet(Settings(_folder.Path) with { DevBatches = 3 }, Corpus(_folder), seed: 6);

        var a = two.Score(NaoRnn(), CancellationToken.None);
        var b = three.Score(NaoRnn(), CancellationToken.None);

        Assert.Equal(3, b.Metrics["ws_dev_batches"]);
        Assert.NotEqual(a.Score, b.Score);
        Assert.Contains("2 dev batch(es) of 8×2", two.Name);
    }

    [Fact]
    public void Many_training_steps_and_scorings_leak_no_tensors()
    {
        using var supernet = Supernet(seed: 7);
        var pool = RandomPool(8, seed: 5);
        // The first epoch creates gradients and optimizer state; count from then on.
        var warmup = supernet.TrainEpoch(pool, seed: 1, CancellationToken.None);
        supernet.Score(pool[0], CancellationToken.None);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        var steps = 0;
        for (var e = 0; e < 3; e++) steps += supernet.TrainEpoch(pool, seed: 2 + e, CancellationToken.None).Batches;
        foreach (var genotype in pool.Concat(pool)) supernet.Score(genotype, CancellationToken.None);

        Assert.True(steps >= 50, $"only {steps} steps ran");
        Assert.True(warmup.Batches > 0);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Cancellation_throws_OperationCanceledException()
    {
        using var supernet = Supernet(seed: 8);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => supernet.TrainEpoch(RandomPool(2, 1), seed: 1, cancel.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => supernet.Score(NaoRnn(), cancel.Token));
        Assert.Equal(0, supernet.Epoch);
    }

    [Fact]
    public void Pools_and_genotypes_outside_the_enas_rnn_space_are_refused()
    {
        using var supernet = Supernet(seed: 9);
        var conv = PublishedArchitectures.Get("NAONet").Genotype;

        var empty = Assert.Throws<ArgumentException>(() => supernet.TrainEpoch([], seed: 1, CancellationToken.None));
        var wrong = Assert.Throws<ArgumentException>(() => supernet.Score(conv, CancellationToken.None));
        var short_ = Assert.Throws<ArgumentException>(() => supernet.TrainEpoch([RecurrentGenotype.Parse("0:tanh 1:relu")], seed: 1, CancellationToken.None));

        Assert.Contains("pool is empty", empty.Message);
        Assert.Contains("enas-rnn", wrong.Message);
        Assert.Contains("0:tanh 1:relu", short_.Message);
    }

    [Fact]
    public void A_validation_stream_too_short_for_the_dev_batches_is_refused_with_the_fix()
    {
        var corpus = Corpus(_folder);

        var error = Assert.Throws<InvalidDataException>(() => new RecurrentSupernet(Settings(_folder.Path) with { DevBatches = 50 }, corpus, seed: 1));

        Assert.Contains(corpus.ValidPath, error.Message);
        Assert.Contains("Lower devBatches or devBatchSize", error.Message);
    }

    [Fact]
    public void Create_reads_the_corpus_from_the_data_path()
    {
        _ = Corpus(_folder);

        using var supernet = RecurrentSupernet.Create(Settings(_folder.Path), seed: 1);
        var missing = Assert.Throws<DirectoryNotFoundException>(() => RecurrentSupernet.Create(Settings(Path.Combine(_folder.Path, "nowhere")), seed: 1));

        Assert.Contains("hidden 8 on ptb.train.txt", supernet.Name);
        Assert.True(supernet.Score(NaoRnn(), CancellationToken.None).IsOk);
        Assert.Contains("nowhere", missing.Message);
    }

    private RecurrentSupernet Supernet(int seed) => new(Settings(_folder.Path), Corpus(_folder), seed);
}
