using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nao.Data;
using Nao.Data.Text;
using Nao.Networks.Recurrent;
using Nao.Training.Recurrent;

namespace Nao.Supernets;

/// <summary>
/// Everything needed to build a <see cref="RecurrentSupernet"/> for the <c>enas-rnn</c> space, in a form that
/// round-trips through JSON (camelCase, like <see cref="Evaluation.RecurrentTrainingSettings"/>), so a resumed search
/// builds the same supernet. Defaults are ENAS/DARTS's except the hidden size, which is sized for a CPU search.
/// </summary>
public sealed record RecurrentSupernetSettings
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The corpus: ptb or wikitext2. Default ptb.</summary>
    public string Dataset { get; init; } = TextDataset.Ptb.Name;

    /// <summary>The folder holding the corpus's train/valid/test files; null means $NAO_DATA/&lt;corpus folder&gt;. Default null.</summary>
    public string? DataPath { get; init; }

    /// <summary>Embedding = hidden size H of the shared model. Default 200 (a CPU-sized supernet; ENAS uses 1000, DARTS 300).</summary>
    public int Hidden { get; init; } = 200;

    /// <summary>Training mini-batch size (columns of the token stream). Default 64 (ENAS, DARTS).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Base BPTT length of training windows (drawn around it) and the fixed length of dev segments. Default 35.</summary>
    public int Bptt { get; init; } = 35;

    /// <summary>How far above <see cref="Bptt"/> a random training window may reach. Default 20 (DARTS <c>max_seq_len_delta</c>).</summary>
    public int MaxBpttDelta { get; init; } = 20;

    /// <summary>
    /// Scoring reads the first this many segments (of <see cref="Bptt"/> rows) of the validation stream. Default 8: one
    /// dev batch is too noisy to rank architectures (DESIGN.md section 6).
    /// </summary>
    public int DevBatches { get; init; } = 8;

    /// <summary>Columns of the validation stream when scoring. Default 64 (ENAS scores with its training batch size).</summary>
    public int DevBatchSize { get; init; } = 64;

    /// <summary>SGD learning rate for a window of length <see cref="Bptt"/>; each step uses lr·len/bptt. Default 20 (ENAS, DARTS).</summary>
    public double LearningRate { get; init; } = 20;

    /// <summary>Gradient norm clipping threshold. Default 0.25.</summary>
    public double Clip { get; init; } = 0.25;

    /// <summary>L2 weight decay. Default 8e-7 (DARTS).</summary>
    public double WeightDecay { get; init; } = 8e-7;

    /// <summary>Activation regularization α (α·mean(dropped output²) added to the loss). Default 0 (DARTS).</summary>
    public double ActivationRegularization { get; init; }

    /// <summary>Temporal activation regularization β (β·mean((h_t − h_{t−1})²) added to the loss). Default 1e-3 (DARTS).</summary>
    public double TemporalActivationRegularization { get; init; } = 1e-3;

    /// <summary>Embedding dropout; null = DARTS's 0.1 scaled by min(1, hidden/850), as for the stand-alone children. Default null.</summary>
    public double? EmbeddingDropout { get; init; }

    /// <summary>Locked dropout on the embedded input; null = DARTS's 0.2 scaled to the hidden size. Default null.</summary>
    public double? InputDropout { get; init; }

    /// <summary>Variational dropout on x_t inside the cell; null = DARTS's 0.75 scaled to the hidden size. Default null.</summary>
    public double? CellInputDropout { get; init; }

    /// <summary>Variational dropout on the hidden state and node inputs; null = DARTS's 0.25 scaled to the hidden size. Default null.</summary>
    public double? HiddenDropout { get; init; }

    /// <summary>Locked dropout on the cell outputs; null = DARTS's 0.75 scaled to the hidden size. Default null.</summary>
    public double? OutputDropout { get; init; }

    /// <summary>Initial weights are uniform in ±InitRange. Default 0.04 (ENAS/DARTS).</summary>
    public double InitRange { get; init; } = 0.04;

    /// <summary>Train on the first K training tokens each epoch only (for CPU runs); null for all. Default null.</summary>
    public long? LimitTokens { get; init; }

    /// <summary>Reads settings stored as JSON; null gives the defaults.</summary>
    /// <exception cref="ArgumentException">The JSON does not describe these settings.</exception>
    public static RecurrentSupernetSettings FromJson(JsonObject? json)
    {
        if (json is null) return new RecurrentSupernetSettings();
        try
        {
            return json.Deserialize<RecurrentSupernetSettings>(Json) ?? new RecurrentSupernetSettings();
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The supernet settings are not valid: {e.Message}", nameof(json), e);
        }
    }

    /// <summary>The settings as JSON (camelCase names).</summary>
    public JsonObject ToJson() => JsonSerializer.SerializeToNode(this, Json)!.AsObject();

    /// <summary>Checks the values; the message names the setting and the fix.</summary>
    /// <exception cref="ArgumentException">A value is out of range or the corpus is unknown.</exception>
    public void Validate()
    {
        _ = Corpus();
        AtLeastOne(Hidden, "hidden");
        AtLeastOne(BatchSize, "batchSize");
        AtLeastOne(Bptt, "bptt");
        AtLeastOne(DevBatches, "devBatches");
        AtLeastOne(DevBatchSize, "devBatchSize");
        if (MaxBpttDelta < 0) throw new ArgumentException($"Supernet setting maxBpttDelta must not be negative (got {MaxBpttDelta}).");
        if (!(LearningRate > 0 && double.IsFinite(LearningRate))) throw new ArgumentException(Invariant($"Supernet setting learningRate must be positive (got {LearningRate})."));
        if (!(Clip > 0 && double.IsFinite(Clip)))
        {
            throw new ArgumentException(Invariant($"Supernet setting clip must be positive (got {Clip}): without clipping, weight-sharing training at learning rate {LearningRate} diverges."));
        }
        NotNegative(WeightDecay, "weightDecay");
        NotNegative(ActivationRegularization, "activationRegularization");
        NotNegative(TemporalActivationRegularization, "temporalActivationRegularization");
        Probability(EmbeddingDropout, "embeddingDropout");
        Probability(InputDropout, "inputDropout");
        Probability(CellInputDropout, "cellInputDropout");
        Probability(HiddenDropout, "hiddenDropout");
        Probability(OutputDropout, "outputDropout");
        if (!(InitRange > 0 && double.IsFinite(InitRange))) throw new ArgumentException(Invariant($"Supernet setting initRange must be positive (got {InitRange})."));
        if (LimitTokens is < 1) throw new ArgumentException($"Supernet setting limitTokens must be positive, or left out for all tokens (got {LimitTokens}).");
    }

    /// <summary>The corpus folder: <see cref="DataPath"/>, else $NAO_DATA/&lt;corpus folder&gt;.</summary>
    /// <exception cref="ArgumentException">No data path is given and NAO_DATA is not set, or the corpus is unknown.</exception>
    public string ResolveDataPath() => DataRoot.Resolve(DataPath, Corpus().FolderName,
        $"No data path: set the supernet setting dataPath, or NAO_DATA to the folder that holds {Corpus().FolderName}/.");

    /// <summary>The corpus these settings name.</summary>
    /// <exception cref="ArgumentException">The corpus is unknown.</exception>
    public TextDataset Corpus() => TextDataset.Find(Dataset ?? "")
        ?? throw new ArgumentException($"Supernet setting dataset: unknown corpus '{Dataset}'. Valid: {string.Join(", ", TextDataset.All.Select(d => d.Name))}.");

    /// <summary>The language model's options for a vocabulary of <paramref name="vocabulary"/> words: DARTS's dropouts scaled to the hidden size unless set.</summary>
    public RecurrentModelOptions ModelOptions(int vocabulary)
    {
        var scaled = new RecurrentModelOptions().ScaledToHidden(Hidden);
        return scaled with
        {
            Vocabulary = vocabulary,
            EmbeddingDropout = EmbeddingDropout ?? scaled.EmbeddingDropout,
            InputDropout = InputDropout ?? scaled.InputDropout,
            CellInputDropout = CellInputDropout ?? scaled.CellInputDropout,
            HiddenDropout = HiddenDropout ?? scaled.HiddenDropout,
            OutputDropout = OutputDropout ?? scaled.OutputDropout,
            InitRange = InitRange,
        };
    }

    /// <summary>The trainer options whose training step the supernet runs (learning rate, clipping, weight decay, AR/TAR, BPTT).</summary>
    public LanguageModelTrainerOptions TrainerOptions() => new()
    {
        BatchSize = BatchSize,
        EvalBatchSize = DevBatchSize,
        Bptt = Bptt,
        MaxBpttDelta = MaxBpttDelta,
        LearningRate = LearningRate,
        GradientClip = Clip,
        WeightDecay = WeightDecay,
        ActivationRegularization = ActivationRegularization,
        TemporalActivationRegularization = TemporalActivationRegularization,
        TrainTokenLimit = LimitTokens,
        AveragedSgd = false,
        EvaluateTest = false,
    };

    /// <summary>What a saved state must match: every setting but where the data lives.</summary>
    internal string Fingerprint() => (this with { DataPath = null }).ToJson().ToJsonString();

    private static void AtLeastOne(int value, string name)
    {
        if (value < 1) throw new ArgumentException($"Supernet setting {name} must be at least 1 (got {value}).");
    }

    private static void NotNegative(double value, string name)
    {
        if (!(value >= 0 && double.IsFinite(value))) throw new ArgumentException(Invariant($"Supernet setting {name} must not be negative (got {value})."));
    }

    private static void Probability(double? value, string name)
    {
        if (value is { } p && !(p >= 0 && p < 1))
        {
            throw new ArgumentException(Invariant($"Supernet setting {name} must be in [0, 1), or left out for DARTS's value scaled to the hidden size (got {p})."));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
