using Nao.Evaluation;

namespace Nao.Tests.Evaluation;

public sealed class RecurrentTrainingSettingsTests
{
    public RecurrentTrainingSettingsTests() => TorchTestSetup.Initialize();

    [Fact]
    public void Settings_round_trip_through_json_and_build_an_evaluator_on_a_ptb_folder()
    {
        var folder = Directory.CreateTempSubdirectory("nao-rnn-settings-").FullName;
        try
        {
            var line = " a b c d <unk>\n";
            foreach (var split in new[] { "train", "valid", "test" })
            {
                File.WriteAllText(Path.Combine(folder, $"ptb.{split}.txt"), string.Concat(Enumerable.Repeat(line, 30)));
            }
            var settings = new RecurrentTrainingSettings { DataPath = folder, Hidden = 8, BatchSize = 4, LimitTokens = 100, Epochs = 2 };
            var json = settings.ToJson();
            Assert.Equal(8, (int)json["hidden"]!);
            Assert.Equal(settings, RecurrentTrainingSettings.FromJson(json));
            Assert.Equal(new RecurrentTrainingSettings(), RecurrentTrainingSettings.FromJson(null));
            var evaluator = settings.CreateEvaluator(seed: 1);
            Assert.Contains("hidden 8, 2 epoch(s)", evaluator.Name);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(0, 1, 1, "hidden must be at least 1")]
    [InlineData(8, 0, 1, "epochs must be at least 1")]
    [InlineData(8, 1, 0, "batchSize must be at least 1")]
    public void Out_of_range_values_name_the_setting(int hidden, int epochs, int batch, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new RecurrentTrainingSettings { Hidden = hidden, Epochs = epochs, BatchSize = batch }.Validate());
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_batch_larger_than_the_token_limit_allows_is_refused_with_the_fix()
    {
        var folder = Directory.CreateTempSubdirectory("nao-rnn-settings-").FullName;
        try
        {
            foreach (var split in new[] { "train", "valid", "test" })
            {
                File.WriteAllText(Path.Combine(folder, $"ptb.{split}.txt"), string.Concat(Enumerable.Repeat(" a b c\n", 30)));
            }
            var e = Assert.Throws<InvalidDataException>(() => new RecurrentTrainingSettings { DataPath = folder, BatchSize = 20, LimitTokens = 30 }.CreateEvaluator(0));
            Assert.Contains("Lower batchSize or raise limitTokens", e.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Conv_settings_check_their_ranges_too()
    {
        var e = Assert.Throws<ArgumentException>(() => new ConvTrainingSettings { Filters = 0 }.Validate());
        Assert.Contains("filters (F) must be at least 1", e.Message);
    }
}
