using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Nao.SearchSpaces;
using Nao.Tokenization;

namespace Nao.Controller;

/// <summary>
/// Settings of the NAO controller (encoder, predictor, decoder), with the defaults of DESIGN.md section 4.
/// <see cref="For"/> picks the per-space defaults (sizes for recurrent spaces, augmentation for cell spaces).
/// </summary>
public sealed record ControllerOptions
{
    /// <summary>Size of the token embeddings of encoder and decoder. Default 32 (paper, CNN); 64 for recurrent spaces via <see cref="For"/>.</summary>
    public int EmbeddingSize { get; init; } = 32;

    /// <summary>Hidden size of the encoder and decoder LSTMs, and so of the architecture embedding. Default 96 (paper, CNN); 128 for recurrent spaces via <see cref="For"/>.</summary>
    public int HiddenSize { get; init; } = 96;

    /// <summary>Hidden layers of the performance predictor's MLP (0 = one linear layer). Default 1 (DESIGN.md section 4).</summary>
    public int PredictorLayers { get; init; } = 1;

    /// <summary>Width of each hidden layer of the predictor. Default 200.</summary>
    public int PredictorWidth { get; init; } = 200;

    /// <summary>λ in <c>λ·MSE + (1-λ)·CE</c>. Default 0.8 (the official code, every space).</summary>
    public double TradeOff { get; init; } = 0.8;

    /// <summary>How raw scores become the predictor's [0, 1] targets. Default <see cref="ScoreNormalization.MinMax"/> (DESIGN.md section 1).</summary>
    public ScoreNormalization Normalization { get; init; } = ScoreNormalization.MinMax;

    /// <summary>Adam learning rate. Default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Architectures per training step. Default 100 (the official code).</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>Maximum global L2 norm of the gradients; larger gradients are scaled down. Default 5.</summary>
    public double GradientClip { get; init; } = 5;

    /// <summary>Adam's L2 weight decay. Default 1e-4 (the official code).</summary>
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>
    /// Passes over the training data per <see cref="NaoController.Fit"/>. Default 1000, the paper's count. With the other
    /// defaults, NAS-Bench-201 with 500 training architectures gives pairwise accuracy 0.76 and 96% exact reconstructions
    /// at 1000 epochs against 0.71 and 92% at 300 (bench/README.md); the settings that meet issue 3's targets need only 300.
    /// </summary>
    public int Epochs { get; init; } = 1000;

    /// <summary>
    /// Branch-swap augmentation (DESIGN.md section 2): each time a sample is drawn, one random node per cell has its two
    /// branches swapped, and the teacher-forcing input is rebuilt from the swapped sequence. Default true; a no-op for
    /// spaces without branch symmetry (<see cref="For"/> turns it off there).
    /// </summary>
    public bool Augment { get; init; } = true;

    /// <summary>
    /// Whether a <see cref="NaoController.Fit"/> after an earlier fit or a load continues from the current weights, as
    /// Algorithm 1 in the official code keeps training one controller across rounds. False starts from fresh weights drawn
    /// from the fit's seed. Either way Adam's state starts fresh at every fit, so a saved and loaded controller trains on
    /// exactly as the original would. Default true.
    /// </summary>
    public bool WarmStart { get; init; } = true;

    /// <summary>
    /// Random architectures, unscored, on which a fresh controller's encoder and decoder are first trained as an
    /// autoencoder (SemiNAS: reconstruction needs no scores), before the fit on the scored ones; 0 skips it. With
    /// <see cref="WarmStart"/> this happens once per search, at the first round. Default 0 (on NAS-Bench-201 seeds 0-9,
    /// 1,000 architectures gave regret 0.157 ± 0.029 at 100 evaluations against 0.170 ± 0.038 without, inside one
    /// standard error; docs/small-budgets.md).
    /// </summary>
    public int PretrainArchitectures { get; init; }

    /// <summary>Passes over the <see cref="PretrainArchitectures"/> in that pre-training. Default 20.</summary>
    public int PretrainEpochs { get; init; } = 20;

    /// <summary>The first step size η of Eq. 2. Default 1 (the official code with weight sharing).</summary>
    public double InitialStepSize { get; init; } = 1;

    /// <summary>How much η grows after a step that gave no new architecture, added after <see cref="StepSizeGrowth"/>. Default 1.</summary>
    public double StepSizeIncrement { get; init; } = 1;

    /// <summary>
    /// The factor η is multiplied by after a step that gave no new architecture, before <see cref="StepSizeIncrement"/> is
    /// added: η ← η·growth + increment. Default 1 (additive growth, as the official code); above 1 with a small
    /// <see cref="InitialStepSize"/> and increment 0, the first new architecture is a near neighbour of the seed and
    /// η still reaches <see cref="MaxStepSize"/> in a few dozen steps.
    /// </summary>
    public double StepSizeGrowth { get; init; } = 1;

    /// <summary>The largest η tried before a seed is given up. Default 50.</summary>
    public double MaxStepSize { get; init; } = 50;

    /// <summary>
    /// Whether <see cref="NaoController.Propose(IReadOnlyList{Nao.Genotypes.Genotype}, Func{Nao.Genotypes.Genotype, bool}, CancellationToken)"/> keeps growing η past a new architecture that the predictor rates no
    /// higher than its seed, looking for one it rates higher (the point of Eq. 2); a seed that finds none falls back to
    /// its first new architecture. False stops at the first new architecture, as the official code does. Default true.
    /// </summary>
    public bool PreferImprovement { get; init; } = true;

    /// <summary>
    /// With <see cref="PreferImprovement"/>: whether a seed for which one step (<see cref="PositionSteps"/> included)
    /// decodes nothing predicted better than itself takes a second Eq. 2 step, from new architectures on its first path
    /// (<see cref="SecondStepStarts"/>; the result must still be predicted better than the seed;
    /// <see cref="Nao.Strategies.OptimizedArchitecture.Steps"/> records it). On NAS-Bench-201 the top seeds sit near the
    /// predictor's maxima, where one straight step often decodes only worse architectures. Default true.
    /// </summary>
    public bool SecondStep { get; init; } = true;

    /// <summary>
    /// With <see cref="SecondStep"/>: how many of the new architectures a failing seed's first path decoded start a second
    /// step: the path's first new architecture (the nearest to the seed), then the others best-predicted first; 1 is the
    /// first new architecture alone. Default 5. On NAS-Bench-201 (<c>nao controller evaluate</c>, seeds 0-4), 5 starts
    /// improved 0-1 more seeds than 1 start with <see cref="PositionSteps"/> and up to 3 more without; 30 no more than 5.
    /// </summary>
    public int SecondStepStarts { get; init; } = 5;

    /// <summary>
    /// With <see cref="PreferImprovement"/>: whether a seed whose η path decodes nothing predicted better walks the η path
    /// again once per token position t, moving only h_t by η·∂f/∂h_t and keeping the other outputs (the gradient's
    /// component at one position: still one step from the seed, and still uphill for small η). This comes before
    /// <see cref="SecondStep"/>. On NAS-Bench-201 (<c>nao controller evaluate</c>, seeds 0-4) the whole-sequence step
    /// improved 92-97 of the 100 seeds and the one-position steps brought that to 95-97, still in one step from the seed;
    /// every failing seed had better-predicted architectures in the table (8 to 391), off the gradient's direction. Default true.
    /// </summary>
    public bool PositionSteps { get; init; } = true;

    /// <summary>
    /// The controller's defaults for a space, the one place they are set: what <c>nao search</c> and <c>nao compare</c>
    /// use, and what <c>nao controller evaluate</c> measures (with its own epoch count, since it fits once from scratch).
    /// <list type="bullet">
    /// <item>Every space: embedding/hidden 64/128 for recurrent spaces, 32/96 otherwise (DESIGN.md section 4); branch-swap
    /// augmentation on cell spaces only; rank-normalized scores (NAS-Bench-201's few ~10% architectures squeeze min-max
    /// targets of all good ones near 1); 100 epochs per round (the controller is warm-started, so each round's fit
    /// continues the last); no one-position steps and one second-step start (the search screens up to 10 candidates per
    /// seed anyway, and the extra paths made the default search five times slower, 558 against 111 s, for proposals it
    /// mostly screens out).</item>
    /// <item>NAS-Bench-201, measured on it: Adam 5e-3 with weight decay 3e-4, λ 0.9 (pairwise accuracy 0.857-0.872 and
    /// 99.5-100% exact reconstructions at 300 epochs on 500 architectures, against 0.76 and 96-97% with the official
    /// settings at 1000 epochs; bench/README.md); 50 epochs per round and η from 0.1 in steps of 0.1 up to 5, so that a
    /// seed's first new architectures are near neighbours (<c>nao compare</c>, README).</item>
    /// <item>A space file may add its own (its <c>controller:</c> section), laid over these by the search.</item>
    /// </list>
    /// The other fields keep the official code's values (this record's field defaults): nothing else was measured.
    /// </summary>
    public static ControllerOptions For(ISearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        var recurrent = space.Tokenizer is RecurrentTokenizer;
        var options = new ControllerOptions
        {
            EmbeddingSize = recurrent ? 64 : 32,
            HiddenSize = recurrent ? 128 : 96,
            Augment = space.Tokenizer is CellTokenizer,
            Normalization = ScoreNormalization.Rank,
            Epochs = 100,
            PositionSteps = false,
            SecondStepStarts = 1,
        };
        if (space.Tokenizer is not Nb201Tokenizer) return options;
        return options with
        {
            LearningRate = 5e-3,
            WeightDecay = 3e-4,
            TradeOff = 0.9,
            Epochs = 50,
            InitialStepSize = 0.1,
            StepSizeIncrement = 0.1,
            MaxStepSize = 5,
        };
    }

    /// <summary>These settings, after <see cref="Validate"/>.</summary>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public ControllerOptions Checked()
    {
        Validate();
        return this;
    }

    /// <summary>The settings as JSON: camelCase names, enums by camelCase name (e.g. <c>"normalization": "rank"</c>).</summary>
    public JsonObject ToJson() => JsonSerializer.SerializeToNode(this, Json)!.AsObject();

    /// <summary>
    /// The defaults of <see cref="For"/> for <paramref name="space"/>, with the fields that <paramref name="json"/> sets
    /// (a partial object such as <c>{"epochs": 300, "normalization": "rank"}</c>; names and enum values in any case)
    /// replacing them; null gives the defaults.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown field, a value of the wrong type, or a value out of range.</exception>
    public static ControllerOptions FromJson(JsonObject? json, ISearchSpace space)
    {
        var merged = For(space).ToJson();
        foreach (var (name, value) in json ?? [])
        {
            var field = merged.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"Unknown controller setting '{name}'. Valid settings: {string.Join(", ", merged.Select(p => p.Key))}.");
            merged[field] = value?.DeepClone();
        }
        ControllerOptions options;
        try
        {
            options = merged.Deserialize<ControllerOptions>(Json)!;
        }
        catch (JsonException e)
        {
            var field = e.Path?.TrimStart('$', '.');
            throw new ArgumentException($"Invalid controller setting {field} = {merged[field ?? ""]?.ToJsonString()}: {Describe(field)}", e);
        }
        options.Validate();
        return options;
    }

    private static string Describe(string? field) => field switch
    {
        "normalization" => $"valid values are {string.Join(", ", Enum.GetNames<ScoreNormalization>().Select(JsonNamingPolicy.CamelCase.ConvertName))}.",
        "augment" or "warmStart" or "preferImprovement" or "secondStep" or "positionSteps" => "it must be true or false.",
        _ => "it must be a number.",
    };

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The step sizes η that <see cref="NaoController.Propose(IReadOnlyList{Nao.Genotypes.Genotype}, Func{Nao.Genotypes.Genotype, bool}, CancellationToken)"/> tries, in order: from the initial one, grown until past the maximum.</summary>
    public IReadOnlyList<double> StepSizes()
    {
        var sizes = new List<double>();
        // Additive growth is computed as η0 + k·increment (no drift from repeated float additions); the tolerance keeps
        // a maximum such as 0.1 + 49·0.1 = 5 in the schedule.
        var eta = InitialStepSize;
        for (var k = 1; eta <= MaxStepSize * (1 + 1e-9); k++)
        {
            sizes.Add(eta);
            eta = StepSizeGrowth == 1 ? InitialStepSize + k * StepSizeIncrement : eta * StepSizeGrowth + StepSizeIncrement;
        }
        return sizes;
    }

    /// <summary>Checks every field; the message names the field, the value and the valid range.</summary>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public void Validate()
    {
        Positive(EmbeddingSize, nameof(EmbeddingSize));
        Positive(HiddenSize, nameof(HiddenSize));
        if (PredictorLayers < 0) Fail(nameof(PredictorLayers), PredictorLayers, "0 or more");
        Positive(PredictorWidth, nameof(PredictorWidth));
        if (!(TradeOff is >= 0 and <= 1)) Fail(nameof(TradeOff), TradeOff, "between 0 and 1");
        Positive(LearningRate, nameof(LearningRate));
        Positive(BatchSize, nameof(BatchSize));
        Positive(GradientClip, nameof(GradientClip));
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay)) Fail(nameof(WeightDecay), WeightDecay, "0 or more");
        if (Epochs < 0) Fail(nameof(Epochs), Epochs, "0 or more");
        if (PretrainArchitectures < 0) Fail(nameof(PretrainArchitectures), PretrainArchitectures, "0 or more");
        if (PretrainEpochs < 0) Fail(nameof(PretrainEpochs), PretrainEpochs, "0 or more");
        Positive(InitialStepSize, nameof(InitialStepSize));
        if (!(StepSizeIncrement >= 0) || double.IsInfinity(StepSizeIncrement)) Fail(nameof(StepSizeIncrement), StepSizeIncrement, "0 or more");
        if (!(StepSizeGrowth >= 1) || double.IsInfinity(StepSizeGrowth)) Fail(nameof(StepSizeGrowth), StepSizeGrowth, "1 or more");
        if (StepSizeIncrement == 0 && StepSizeGrowth == 1) Fail(nameof(StepSizeIncrement), StepSizeIncrement, $"positive when {nameof(StepSizeGrowth)} is 1, or η would never grow");
        if (!(MaxStepSize >= InitialStepSize) || double.IsInfinity(MaxStepSize)) Fail(nameof(MaxStepSize), MaxStepSize, $"at least {nameof(InitialStepSize)} ({InitialStepSize})");
        if (SecondStepStarts < 1) Fail(nameof(SecondStepStarts), SecondStepStarts, "1 or more");
    }

    private static void Positive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value)) Fail(name, value, "a positive number");
    }

    private static void Fail(string name, double value, string range) =>
        throw new ArgumentException($"Controller option {name} is {value}; it must be {range}.", name);
}
