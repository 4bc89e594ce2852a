namespace Nao.Training.Recurrent;

/// <summary>
/// How <see cref="LanguageModelTrainer"/> trains a recurrent language model. Defaults are the DARTS/ENAS PTB settings
/// (DESIGN.md section 3) except where noted.
/// </summary>
public sealed record LanguageModelTrainerOptions
{
    /// <summary>Epochs to train (a resumed run continues up to this many in all). Default 1.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Training batch size (columns of the token stream). Default 64 (DARTS, ENAS).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Batch size for validation and test perplexity. Default 10 (AWD-LSTM, DARTS).</summary>
    public int EvalBatchSize { get; init; } = 10;

    /// <summary>Base truncated-BPTT length; training windows vary around it (<see cref="Data.Text.BpttLengthSampler"/>). Default 35.</summary>
    public int Bptt { get; init; } = 35;

    /// <summary>How far above <see cref="Bptt"/> a random window may reach. Default 20 (DARTS <c>max_seq_len_delta</c>).</summary>
    public int MaxBpttDelta { get; init; } = 20;

    /// <summary>SGD learning rate for a window of length <see cref="Bptt"/>; each step uses lr·len/bptt. Default 20 (DARTS; the paper cites 10).</summary>
    public double LearningRate { get; init; } = 20;

    /// <summary>Gradient norm clipping threshold; 0 turns clipping off. Default 0.25.</summary>
    public double GradientClip { get; init; } = 0.25;

    /// <summary>L2 weight decay. Default 8e-7 (DARTS).</summary>
    public double WeightDecay { get; init; } = 8e-7;

    /// <summary>Activation regularization α: α·mean(dropped output²) is added to the loss. Default 0 (DARTS).</summary>
    public double ActivationRegularization { get; init; }

    /// <summary>Temporal activation regularization β: β·mean((h_t − h_{t−1})²) is added to the loss. Default 1e-3 (DARTS).</summary>
    public double TemporalActivationRegularization { get; init; } = 1e-3;

    /// <summary>
    /// Switch from SGD to averaged SGD when validation stops improving (AWD-LSTM's non-monotone trigger): from then on
    /// evaluation and the final model use the running average of the weights. Default true.
    /// </summary>
    public bool AveragedSgd { get; init; } = true;

    /// <summary>The trigger fires when the validation loss is worse than the best of the epochs more than this many ago. Default 5.</summary>
    public int NonMonotoneInterval { get; init; } = 5;

    /// <summary>
    /// A training loss above this many times ln(V) (perplexity above V^factor, far worse than guessing uniformly) is
    /// treated as divergence, as is a NaN or infinite loss or gradient norm. Default 2.
    /// </summary>
    public double DivergenceFactor { get; init; } = 2;

    /// <summary>Use at most this many training tokens (for quick checks); null = all. Default null.</summary>
    public long? TrainTokenLimit { get; init; }

    /// <summary>Use at most this many validation and test tokens; null = all. Default null.</summary>
    public long? EvalTokenLimit { get; init; }

    /// <summary>Measure test perplexity (with the best-validation weights) at the end. Default true.</summary>
    public bool EvaluateTest { get; init; } = true;

    /// <summary>Seed of the window lengths and dropout masks; epoch e reseeds from (seed, e) so a resumed run repeats exactly. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Folder for the per-epoch checkpoint; an existing checkpoint there is resumed. Null = no checkpoints. Default null.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Report progress every this many training windows. Default 50.</summary>
    public int ProgressInterval { get; init; } = 50;

    /// <summary>Throws <see cref="ArgumentException"/> naming the field when a value is out of range.</summary>
    public void Validate()
    {
        Positive(Epochs, nameof(Epochs));
        Positive(BatchSize, nameof(BatchSize));
        Positive(EvalBatchSize, nameof(EvalBatchSize));
        Positive(Bptt, nameof(Bptt));
        Positive(ProgressInterval, nameof(ProgressInterval));
        Positive(NonMonotoneInterval, nameof(NonMonotoneInterval));
        if (MaxBpttDelta < 0) throw new ArgumentException($"{nameof(MaxBpttDelta)} must not be negative (got {MaxBpttDelta}).", nameof(MaxBpttDelta));
        if (!(LearningRate > 0)) throw new ArgumentException($"{nameof(LearningRate)} must be positive (got {LearningRate}).", nameof(LearningRate));
        NotNegative(GradientClip, nameof(GradientClip));
        NotNegative(WeightDecay, nameof(WeightDecay));
        NotNegative(ActivationRegularization, nameof(ActivationRegularization));
        NotNegative(TemporalActivationRegularization, nameof(TemporalActivationRegularization));
        if (!(DivergenceFactor > 1)) throw new ArgumentException($"{nameof(DivergenceFactor)} must be above 1 (got {DivergenceFactor}).", nameof(DivergenceFactor));
        if (TrainTokenLimit is < 1) throw new ArgumentException($"{nameof(TrainTokenLimit)} must be positive (got {TrainTokenLimit}).", nameof(TrainTokenLimit));
        if (EvalTokenLimit is < 1) throw new ArgumentException($"{nameof(EvalTokenLimit)} must be positive (got {EvalTokenLimit}).", nameof(EvalTokenLimit));
    }

    private static void Positive(int value, string name)
    {
        if (value < 1) throw new ArgumentException($"{name} must be at least 1 (got {value}).", name);
    }

    private static void NotNegative(double value, string name)
    {
        if (!(value >= 0)) throw new ArgumentException($"{name} must not be negative (got {value}).", name);
    }
}
