using System.Text.Json.Nodes;
using Nao.Experiments;
using Nao.Storage;
using Nao.Torch;

namespace Nao.Tests.Commands;

/// <summary><c>nao search --evaluator train</c>: children trained from scratch, configured by <c>--training NAME=VALUE</c>.</summary>
public sealed class TrainingSearchTests
{
    public TrainingSearchTests() => TorchRuntime.Initialize();

    [Fact]
    public void A_recurrent_search_trains_each_child_and_records_its_validation_perplexity()
    {
        using var temp = new TempFolder();
        var corpus = WriteCorpus(temp["ptb"]);
        var result = CliRunner.Run("search", "--space", "enas-rnn", "--strategy", "random", "--evaluator", "train", "--budget", "2", "--seed", "3",
            "--training", $"dataPath={corpus}", "--training", "hidden=8", "--training", "batchSize=4", "--run", temp["run"], "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        var trials = RunTrials.Trials(temp["run"]);
        Assert.Equal(2, trials.Count);
        Assert.All(trials, t =>
        {
            Assert.Equal(TrialStatus.Ok, t.Status);
            // The score is -ln(valid perplexity) (RecurrentTrainingEvaluator): check the two agree.
            Assert.Equal(-Math.Log(t.Metrics["valid_perplexity"]), t.Score, 6);
        });
        // The run keeps the complete settings, so a resume trains children exactly as before.
        using var store = RunStore.Open(temp["run"]);
        var training = store.Options.Training!;
        Assert.Equal(8, (int)training["hidden"]!);
        Assert.Equal(1, (int)training["epochs"]!);
        Assert.Equal("ptb", (string?)training["dataset"]);
        Assert.Equal(2, (int)JsonNode.Parse(result.Out)!["trials"]!);
    }

    [Fact]
    public void A_cell_search_trains_each_child_on_cifar_batches()
    {
        using var temp = new TempFolder();
        using var cifar = new CifarFolder(perBatch: 6, test: 2);
        var result = CliRunner.Run("search", "--space", "enas", "--strategy", "random", "--evaluator", "train", "--budget", "1",
            "--training", $"dataPath={cifar.Path}", "--training", "layers=1", "--training", "filters=4", "--training", "epochs=1",
            "--training", "batchSize=6", "--training", "devSize=10", "--training", "limitTrain=12", "--run", temp["run"]);

        Assert.True(result.ExitCode == 0, result.Error);
        var trial = Assert.Single(RunTrials.Trials(temp["run"]));
        Assert.Equal(TrialStatus.Ok, trial.Status);
        Assert.InRange(trial.Score, 0, 100);
    }

    [Fact]
    public void A_child_whose_loss_explodes_without_becoming_nan_is_recorded_as_failed_with_the_reason()
    {
        using var temp = new TempFolder();
        using var cifar = new CifarFolder(perBatch: 6, test: 2);
        var result = CliRunner.Run("search", "--space", "enas", "--strategy", "random", "--evaluator", "train", "--budget", "1",
            "--training", $"dataPath={cifar.Path}", "--training", "layers=1", "--training", "filters=4", "--training", "epochs=1",
            "--training", "batchSize=6", "--training", "devSize=10", "--training", "limitTrain=12", "--training", "learningRate=1e9",
            "--run", temp["run"]);

        Assert.True(result.ExitCode == 0, result.Error);
        var trial = Assert.Single(RunTrials.Trials(temp["run"]));
        Assert.Equal(TrialStatus.Failed, trial.Status);
        Assert.Contains("Training diverged at epoch 1", trial.Error);
        Assert.Contains("Lower the learning rate", trial.Error);
    }

    [Theory]
    [InlineData("hiden=8", "Unknown --training setting 'hiden'. Valid settings: dataset, dataPath, hidden")]
    [InlineData("epochs=0", "Training setting epochs must be at least 1 (got 0).")]
    [InlineData("dataset=imdb", "unknown corpus 'imdb'. Valid: ptb, wikitext2.")]
    [InlineData("hidden=big", "A --training setting has a value of the wrong type")]
    [InlineData("epochs", "--training takes NAME=VALUE")]
    public void Bad_training_settings_are_usage_errors_that_name_the_setting(string setting, string message)
    {
        using var temp = new TempFolder();
        var corpus = WriteCorpus(temp["ptb"]);
        var result = CliRunner.Run("search", "--space", "enas-rnn", "--strategy", "random", "--evaluator", "train", "--budget", "2",
            "--training", $"dataPath={corpus}", "--training", setting, "--run", temp["run"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.False(RunStore.IsRun(temp["run"]));
    }

    [Fact]
    public void A_missing_data_folder_is_reported_before_any_child_trains()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("search", "--space", "enas-rnn", "--strategy", "random", "--evaluator", "train", "--budget", "2",
            "--training", $"dataPath={temp["nowhere"]}", "--run", temp["run"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"The training data '{temp["nowhere"]}' does not exist. Set --training dataPath=FOLDER", result.Error);
        Assert.False(RunStore.IsRun(temp["run"]));
    }

    [Fact]
    public void Training_settings_without_the_train_evaluator_are_refused()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("search", "--strategy", "random", "--budget", "5", "--training", "epochs=2", "--run", temp["run"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--training applies to --evaluator train", result.Error);
    }

    private static string WriteCorpus(string folder)
    {
        Directory.CreateDirectory(folder);
        var line = " the cat sat on the mat\n";
        File.WriteAllText(Path.Combine(folder, "ptb.train.txt"), string.Concat(Enumerable.Repeat(line, 40)));
        File.WriteAllText(Path.Combine(folder, "ptb.valid.txt"), string.Concat(Enumerable.Repeat(line, 10)));
        File.WriteAllText(Path.Combine(folder, "ptb.test.txt"), string.Concat(Enumerable.Repeat(line, 10)));
        return folder;
    }
}
