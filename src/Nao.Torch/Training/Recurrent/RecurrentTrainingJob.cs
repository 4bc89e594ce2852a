using System.Globalization;
using Nao.Data.Text;
using Nao.Genotypes;
using Nao.Networks.Recurrent;
using Nao.Torch;

namespace Nao.Training.Recurrent;

/// <summary>
/// One stand-alone training of a recurrent language model, as <c>nao train</c> runs it on the enas-rnn space:
/// <see cref="LoadCorpus"/> reads the corpus, <see cref="Create"/> builds the model (what a report's header shows),
/// <see cref="Run"/> trains it and scores validation and test perplexity. Owns the model.
/// </summary>
public sealed class RecurrentTrainingJob : IDisposable
{
    private readonly RecurrentLanguageModel model;

    private RecurrentTrainingJob(RecurrentTrainingJobOptions options, TextCorpus corpus, string dataPath, LanguageModelTrainerOptions trainer,
        RecurrentModelOptions modelOptions, RecurrentLanguageModel model)
    {
        Options = options;
        Corpus = corpus;
        DataPath = dataPath;
        Trainer = trainer;
        Model = modelOptions;
        this.model = model;
    }

    /// <summary>The options the job was created with.</summary>
    public RecurrentTrainingJobOptions Options { get; }

    /// <summary>The corpus read.</summary>
    public TextCorpus Corpus { get; }

    /// <summary>The folder the corpus was read from.</summary>
    public string DataPath { get; }

    /// <summary>The trainer's settings.</summary>
    public LanguageModelTrainerOptions Trainer { get; }

    /// <summary>The model's settings (vocabulary, hidden size, dropouts).</summary>
    public RecurrentModelOptions Model { get; }

    /// <summary>Parameters of the model.</summary>
    public long ParameterCount => model.ParameterCount;

    /// <summary>Checks the options and reads the corpus; returns the folder read and the corpus.</summary>
    /// <exception cref="ArgumentException">An option is out of range, or no data path is given and NAO_DATA is not set.</exception>
    /// <exception cref="FileNotFoundException">Corpus files are missing.</exception>
    /// <exception cref="InvalidDataException">Corpus files are unreadable.</exception>
    public static (string Path, TextCorpus Corpus) LoadCorpus(RecurrentTrainingJobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var path = options.ResolveDataPath();
        return (path, TextCorpus.Load(options.Corpus(), path));
    }

    /// <summary>
    /// Checks that the batch fits the data, initializes torch and builds the model from <paramref name="genotype"/>
    /// with the seed's weights; the vocabulary is the corpus's.
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range, or the training tokens are fewer than two batches.</exception>
    /// <exception cref="InvalidDataException">Validation or test hold fewer than two evaluation batches.</exception>
    public static RecurrentTrainingJob Create(RecurrentGenotype genotype, RecurrentTrainingJobOptions options, string dataPath, TextCorpus corpus)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(corpus);
        options.Validate();
        var trainer = new LanguageModelTrainerOptions
        {
            Epochs = options.Epochs,
            BatchSize = options.BatchSize,
            // The limit caps training only; validation and test stay whole, so their perplexities remain comparable with full runs.
            TrainTokenLimit = options.LimitTokens,
            CheckpointDirectory = options.CheckpointDirectory,
            Seed = options.Seed,
        };
        if (UsableTrainTokens(corpus, options) < 2L * trainer.BatchSize)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Batch size {trainer.BatchSize} needs at least {2 * trainer.BatchSize} training tokens, but only {UsableTrainTokens(corpus, options):N0} are used. Lower the batch size or raise the token limit."));
        }
        if (Math.Min(corpus.Valid.Count, corpus.Test.Count) < 2L * trainer.EvalBatchSize)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"Validation and test need at least {2 * trainer.EvalBatchSize} tokens each (evaluation batch {trainer.EvalBatchSize}); '{corpus.ValidPath}' has {corpus.Valid.Count:N0} and '{corpus.TestPath}' {corpus.Test.Count:N0}."));
        }
        TorchRuntime.Initialize();
        // DARTS's regularization scaled to the model's size (RecurrentModelOptions.ScaledToHidden): the full values at 850.
        var modelOptions = new RecurrentModelOptions { Vocabulary = corpus.Vocabulary.Count }.ScaledToHidden(options.Hidden);
        var model = new RecurrentLanguageModel(genotype, modelOptions, options.Seed);
        return new RecurrentTrainingJob(options, corpus, dataPath, trainer, modelOptions, model);
    }

    /// <summary>The training tokens used: the corpus's, capped by <see cref="RecurrentTrainingJobOptions.LimitTokens"/>.</summary>
    public static long UsableTrainTokens(TextCorpus corpus, RecurrentTrainingJobOptions options)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(options);
        return options.LimitTokens is { } limit ? Math.Min(limit, corpus.Train.Count) : corpus.Train.Count;
    }

    /// <summary>Trains (resuming from the checkpoint folder when it holds one) and scores validation and test.</summary>
    public LanguageModelTrainingResult Run(IProgress<LanguageModelProgress>? progress = null, CancellationToken cancellationToken = default) =>
        new LanguageModelTrainer(Trainer).Train(model, Corpus, progress, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => model.Dispose();
}
