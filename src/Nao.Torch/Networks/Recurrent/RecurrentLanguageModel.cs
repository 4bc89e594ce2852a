using Nao.Genotypes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Nao.Networks.Recurrent;

/// <summary>
/// The ENAS/DARTS/NAO word-level language model around a recurrent cell (DESIGN.md section 3): the stand-alone
/// <see cref="RecurrentCell"/> of one architecture, or any other <see cref="RecurrentCellModule"/> such as the
/// weight-sharing supernet's cell, so both train with the same embedding, dropouts, softmax and trainer step:
/// embedding with embedding dropout (whole word types dropped, Gal and Ghahramani 2016), locked dropout on the
/// embedded input, the cell, locked dropout on its outputs, and a softmax whose weights are the embedding (tied,
/// Press and Wolf 2017; Inan et al. 2017) plus a bias. Dropout masks come from the model's own generator, so a run
/// is reproducible from its seed without touching torch's global random state.
/// </summary>
public sealed class RecurrentLanguageModel : Module<Tensor, Tensor, LanguageModelOutput>
{
    private readonly Parameter embedding;
    private readonly Parameter decoder_bias;
    private readonly RecurrentCellModule cell;
    private readonly Generator _generator;
    private readonly DropoutMask _embeddingMask;
    private readonly DropoutMask _inputMask;
    private readonly DropoutMask _outputMask;

    /// <summary>Builds the model; weights are drawn from a generator seeded with <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public RecurrentLanguageModel(RecurrentGenotype genotype, RecurrentModelOptions options, long seed)
        : this(options, seed, generator => new RecurrentCell(genotype ?? throw new ArgumentNullException(nameof(genotype)), options.Hidden,
            options.Hidden, options.CellInputDropout, options.HiddenDropout, options.InitRange, generator))
    {
    }

    /// <summary>
    /// Builds the model around the cell that <paramref name="createCell"/> returns. The factory receives the model's
    /// generator (seeded with <paramref name="seed"/>, after the embedding is drawn from it), draws the cell's initial
    /// weights and dropout masks from it, and must map [T, B, H] inputs to [T, B, H] states (embedding = hidden size).
    /// The model owns the cell.
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public RecurrentLanguageModel(RecurrentModelOptions options, long seed, Func<Generator, RecurrentCellModule> createCell) : base(nameof(RecurrentLanguageModel))
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(createCell);
        options.Validate();
        Options = options;
        _generator = new Generator(unchecked((ulong)seed), torch.CPU);
        _embeddingMask = new DropoutMask(options.EmbeddingDropout);
        _inputMask = new DropoutMask(options.InputDropout);
        _outputMask = new DropoutMask(options.OutputDropout);
        using (torch.no_grad())
        {
            embedding = new Parameter(torch.empty(options.Vocabulary, options.Hidden).uniform_(-options.InitRange, options.InitRange, _generator));
            decoder_bias = new Parameter(torch.zeros(options.Vocabulary));
        }
        cell = createCell(_generator);
        RegisterComponents();
    }

    /// <summary>The cell the model runs.</summary>
    public RecurrentCellModule Cell => cell;

    /// <summary>The architecture the cell runs (for a weight-sharing cell: the one chosen for the next forward pass).</summary>
    public RecurrentGenotype Genotype => cell.Genotype;

    /// <summary>The options the model was built with.</summary>
    public RecurrentModelOptions Options { get; }

    /// <summary>The number of trainable values (the tied softmax weights count once).</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>A zero hidden state for <paramref name="batch"/> sequences, [B, H].</summary>
    public Tensor InitialHidden(long batch) => torch.zeros(batch, Options.Hidden);

    /// <summary>Reseeds the generator that draws dropout masks, so that a run can restart an epoch exactly.</summary>
    public void ReseedDropout(long seed) => _generator.manual_seed(seed);

    /// <summary>
    /// Runs the model on <paramref name="tokens"/> [T, B] (int64 word ids) from <paramref name="hidden"/> [B, H].
    /// Dropout is active in training mode only.
    /// </summary>
    public override LanguageModelOutput forward(Tensor tokens, Tensor hidden)
    {
        using var scope = NewDisposeScope();
        long steps = tokens.shape[0], batch = tokens.shape[1];
        var hiddenSize = Options.Hidden;
        var dtype = embedding.dtype;
        var device = embedding.device;

        // Embedding dropout drops whole rows of the embedding matrix (DARTS embedded_dropout); the softmax keeps the
        // undropped weights, as in AWD-LSTM and DARTS where only the lookup uses the masked copy.
        var rowMask = _embeddingMask.Sample(training, [Options.Vocabulary, 1], _generator, dtype, device);
        var table = rowMask is null ? (Tensor)embedding : embedding * rowMask;
        var embedded = table.index_select(0, tokens.reshape(-1)).view(steps, batch, hiddenSize);
        var inputMask = _inputMask.Sample(training, [batch, hiddenSize], _generator, dtype, device);
        if (inputMask is not null) embedded = embedded * inputMask;

        var outputs = cell.call(embedded, hidden);
        var outputMask = _outputMask.Sample(training, [batch, hiddenSize], _generator, dtype, device);
        var dropped = outputMask is null ? outputs : outputs * outputMask;
        var logits = torch.nn.functional.linear(dropped.reshape(steps * batch, hiddenSize), embedding, decoder_bias);
        var last = outputs[steps - 1];
        // Without output dropout both fields hold the same tensor: moving it out twice would push it past the
        // caller's scope and leak it.
        var keptOutputs = outputs.MoveToOuterDisposeScope();
        var keptDropped = ReferenceEquals(dropped, outputs) ? keptOutputs : dropped.MoveToOuterDisposeScope();
        return new LanguageModelOutput(logits.MoveToOuterDisposeScope(), last.MoveToOuterDisposeScope(), keptOutputs, keptDropped);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _embeddingMask.Dispose();
            _inputMask.Dispose();
            _outputMask.Dispose();
            _generator.Dispose();
        }
        base.Dispose(disposing);
    }
}
