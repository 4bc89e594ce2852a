using Nao.Genotypes;
using Nao.SearchSpaces;
using Nao.Tests.Data;
using Nao.Training.Recurrent;

namespace Nao.Tests.Training.Recurrent;

[Collection(nameof(Nao.Tests.Evaluation.SerialTorch))]
public sealed class RecurrentTrainingJobTests : IDisposable
{
    private readonly TestFolder folder = new();

    public RecurrentTrainingJobTests()
    {
        TorchTestSetup.Initialize();
        var line = " the cat sat on the mat\n";
        File.WriteAllText(folder.File("ptb.train.txt"), string.Concat(Enumerable.Repeat(line, 60)));
        File.WriteAllText(folder.File("ptb.valid.txt"), string.Concat(Enumerable.Repeat(line, 10)));
        File.WriteAllText(folder.File("ptb.test.txt"), string.Concat(Enumerable.Repeat(line, 10)));
    }

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_job_trains_a_language_model_on_the_corpus_vocabulary_and_reports_both_perplexities()
    {
        var options = new RecurrentTrainingJobOptions { DataPath = folder.Path, Hidden = 8, Epochs = 1, BatchSize = 4 };
        var (path, corpus) = RecurrentTrainingJob.LoadCorpus(options);
        using var job = RecurrentTrainingJob.Create((RecurrentGenotype)PublishedArchitectures.Get("NAO-RNN").Genotype, options, path, corpus);

        Assert.Equal(6, job.Model.Vocabulary);   // five words and the end of line
        Assert.Equal(8, job.Model.Hidden);
        var result = job.Run();
        Assert.Equal(LanguageModelTrainingStatus.Completed, result.Status);
        Assert.True(result.BestValidPerplexity > 1);
        Assert.NotNull(result.TestPerplexity);
    }

    [Fact]
    public void A_batch_larger_than_half_the_training_tokens_or_an_unknown_corpus_is_refused()
    {
        var options = new RecurrentTrainingJobOptions { DataPath = folder.Path, Hidden = 8, BatchSize = 4, LimitTokens = 5 };
        var (path, corpus) = RecurrentTrainingJob.LoadCorpus(options);
        var error = Assert.Throws<ArgumentException>(() =>
            RecurrentTrainingJob.Create((RecurrentGenotype)PublishedArchitectures.Get("NAO-RNN").Genotype, options, path, corpus));
        Assert.Contains("Batch size 4 needs at least 8 training tokens, but only 5 are used", error.Message);
        Assert.Contains("Valid: ptb, wikitext2", Assert.Throws<ArgumentException>(() => new RecurrentTrainingJobOptions { Dataset = "imdb" }.Validate()).Message);
    }
}
