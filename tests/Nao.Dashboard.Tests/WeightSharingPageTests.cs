namespace Nao.Tests;

/// <summary>The run page of a tiny recurrent weight-sharing search (a few sentences as its corpus).</summary>
public sealed class WeightSharingPageTests
{
    [Fact]
    public async Task A_weight_sharing_run_shows_the_supernet_s_training_curve_and_its_trials()
    {
        using var temp = new TempFolder();
        var corpus = temp["ptb"];
        Directory.CreateDirectory(corpus);
        var lines = new[] { " the cat sat on the mat\n", " a dog ran in the park\n", " the dog sat on a mat\n" };
        File.WriteAllText(Path.Combine(corpus, "ptb.train.txt"), string.Concat(Enumerable.Range(0, 60).Select(i => lines[i % 3])));
        File.WriteAllText(Path.Combine(corpus, "ptb.valid.txt"), string.Concat(Enumerable.Range(0, 12).Select(i => lines[(i + 1) % 3])));
        File.WriteAllText(Path.Combine(corpus, "ptb.test.txt"), string.Concat(Enumerable.Range(0, 12).Select(i => lines[(i + 2) % 3])));
        var runs = temp["runs"];
        var result = CliRunner.Run("search", "--space", "enas-rnn", "--evaluator", "weight-sharing", "--seed", "4", "--ws-threads", "1",
            "--ws-rounds", "2", "--ws-epochs", "2", "--ws-pool", "6", "--ws-keep", "2", "--ws-new", "3", "--ws-random", "1", "--ws-top-k", "3",
            "--controller", "epochs=5", "--supernet", $"dataPath={corpus}", "--supernet", "hidden=8", "--supernet", "batchSize=4",
            "--supernet", "bptt=5", "--supernet", "maxBpttDelta=0", "--supernet", "devBatches=2", "--supernet", "devBatchSize=2",
            "--run", Path.Combine(runs, "ws"));
        Assert.True(result.ExitCode == 0, result.Error);

        await using var host = await DashboardHost.StartAsync(runs);
        var (status, body, _) = await host.GetAsync("/run?id=ws");
        Assert.Equal(200, status);
        Assert.Contains("Supernet training loss", body);
        Assert.DoesNotContain("<figcaption>Supernet training loss</figcaption><p>No data yet.", body);
        Assert.Contains("ws_valid_perplexity", body);
        var trial = await host.GetAsync("/trial?run=ws&index=7");
        Assert.Equal(200, trial.Status);
        Assert.Contains("<h2>Cells</h2>", trial.Body);
    }
}
