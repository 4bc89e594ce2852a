using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nao.Data;
using Nao.Data.Text;
using Nao.Networks.Recurrent;
using Nao.Search;
using Nao.Training.Recurrent;

namespace Nao.Evaluation;

/// <summary>
/// Everything a search needs to build a <see cref="RecurrentTrainingEvaluator"/> for the <c>enas-rnn</c> space, in a
/// form that round-trips through JSON (<c>SearchOptions.Training</c>), so a resumed search trains children exactly as
/// before. The counterpart of <see cref="ConvTrainingSettings"/> for language models; defaults are sized for a CPU search.
/// </summary>
public sealed record RecurrentTrainingSettings
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The corpus: ptb or wikitext2. Default ptb.</summary>
    public string Dataset { get; init; } = TextDataset.Ptb.Name;

    /// <summary>The folder holding the corpus's train/valid/test files; null means $NAO_DATA/&lt;corpus folder&gt;. Default null.</summary>
    public string? DataPath { get; init; }

    /// <summary>Embedding and hidden size of each child, with DARTS's dropouts scaled to it. Default 300 (DARTS's search size).</summary>
    public int Hidden { get; init; } = 300;

    /// <summary>Epochs per child. Default 1.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>
    /// Mini-batch size. Default 20 (AWD-LSTM's PTB batch): a child trained for an epoch or two gets three times the
    /// updates of batch 64 (measured at hidden 200 after one PTB epoch: valid perplexity 199 at batch 20, 320 at 64).
    /// </summary>
    public int BatchSize { get; init; } = 20;

    /// <summary>Train each child on the first K training tokens only; null for all. Validation stays whole. Default null.</summary>
    public long? LimitTokens { get; init; }

    /// <summary>Folder for per-child checkpoints (one subfolder per genotype hash); null keeps none. Default null.</summary>
    public string? CheckpointRoot { get; init; }

    /// <summary>Reads settings stored as JSON; null gives the defaults.</summary>
    /// <exception cref="ArgumentException">The JSON does not describe these settings.</exception>
    public static RecurrentTrainingSettings FromJson(JsonObject? json)
    {
        if (json is null) return new RecurrentTrainingSettings();
        try
        {
            return json.Deserialize<RecurrentTrainingSettings>(Json) ?? new RecurrentTrainingSettings();
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The training settings are not valid: {e.Message}", nameof(json), e);
        }
    }

    /// <summary>The settings as JSON (camelCase names).</summary>
    public JsonObject ToJson() => JsonSerializer.SerializeToNode(this, Json)!.AsObject();

    /// <summary>Checks the values; the message names the setting and the fix.</summary>
    /// <exception cref="ArgumentException">A value is out of range or the corpus is unknown.</exception>
    public void Validate()
    {
        _ = Corpus();
        if (Hidden < 1) throw new ArgumentException($"Training setting hidden must be at least 1 (got {Hidden}).");
        if (Epochs < 1) throw new ArgumentException($"Training setting epochs must be at least 1 (got {Epochs}).");
        if (BatchSize < 1) throw new ArgumentException($"Training setting batchSize must be at least 1 (got {BatchSize}).");
        if (LimitTokens is < 1) throw new ArgumentException($"Training setting limitTokens must be positive, or left out for all tokens (got {LimitTokens}).");
    }

    /// <summary>The corpus folder: <see cref="DataPath"/>, else $NAO_DATA/&lt;corpus folder&gt;.</summary>
    /// <exception cref="ArgumentException">No data path is given and NAO_DATA is not set, or the corpus is unknown.</exception>
    public string ResolveDataPath() => DataRoot.Resolve(DataPath, Corpus().FolderName,
        $"No data path: set the training setting dataPath, or NAO_DATA to the folder that holds {Corpus().FolderName}/.");

    /// <summary>Reads the corpus and builds the evaluator.</summary>
    /// <exception cref="ArgumentException">A setting is out of range, or no data path is given and NAO_DATA is not set.</exception>
    /// <exception cref="FileNotFoundException">A corpus file is missing.</exception>
    /// <exception cref="InvalidDataException">A corpus file is empty, or holds too few tokens for the batch size.</exception>
    public RecurrentTrainingEvaluator CreateEvaluator(int seed)
    {
        Validate();
        var dataset = Corpus();
        var folder = ResolveDataPath();
        var corpus = TextCorpus.Load(dataset, folder);
        var trainer = new LanguageModelTrainerOptions { Epochs = Epochs, BatchSize = BatchSize, TrainTokenLimit = LimitTokens, EvaluateTest = false };
        var usable = LimitTokens is { } limit ? Math.Min(limit, corpus.Train.Count) : corpus.Train.Count;
        if (usable < 2L * BatchSize)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"Batch size {BatchSize} needs at least {2 * BatchSize} training tokens, but '{corpus.TrainPath}' gives {usable:N0}. Lower batchSize or raise limitTokens."));
        }
        return new RecurrentTrainingEvaluator(corpus, new RecurrentTrainingEvaluatorOptions
        {
            Model = new RecurrentModelOptions().ScaledToHidden(Hidden),
            Trainer = trainer,
            CheckpointRoot = CheckpointRoot,
            Seed = seed,
        });
    }

    private TextDataset Corpus() => TextDataset.Find(Dataset ?? "")
        ?? throw new ArgumentException($"Training setting dataset: unknown corpus '{Dataset}'. Valid: {string.Join(", ", TextDataset.All.Select(d => d.Name))}.");
}
