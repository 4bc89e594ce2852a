namespace Nao.Networks.Recurrent;

/// <summary>
/// Shape and regularization of the recurrent language model (DESIGN.md section 3; the ENAS/DARTS/NAO settings).
/// The embedding and hidden sizes are one number because the softmax weights are tied to the embedding.
/// </summary>
public sealed record RecurrentModelOptions
{
    /// <summary>Vocabulary size V (embedding rows and softmax classes). Default 10,000: Penn Treebank with <c>&lt;eos&gt;</c>.</summary>
    public int Vocabulary { get; init; } = 10_000;

    /// <summary>Embedding size = hidden size H. Default 850, the paper's final PTB model; search children may be smaller.</summary>
    public int Hidden { get; init; } = 850;

    /// <summary>Embedding dropout: the probability of dropping a whole word type per batch. Default 0.1 (DARTS).</summary>
    public double EmbeddingDropout { get; init; } = 0.1;

    /// <summary>Locked (variational) dropout on the embedded input sequence. Default 0.2 (DARTS <c>dropouti</c>).</summary>
    public double InputDropout { get; init; } = 0.2;

    /// <summary>Variational dropout on x_t inside the cell, one mask per sequence. Default 0.75 (DARTS <c>dropoutx</c>).</summary>
    public double CellInputDropout { get; init; } = 0.75;

    /// <summary>Variational dropout on the hidden state and every node's input, one mask per sequence. Default 0.25 (DARTS <c>dropouth</c>).</summary>
    public double HiddenDropout { get; init; } = 0.25;

    /// <summary>Locked (variational) dropout on the cell outputs before the softmax. Default 0.75 (DARTS <c>dropout</c>).</summary>
    public double OutputDropout { get; init; } = 0.75;

    /// <summary>Weights start uniform in ±InitRange. Default 0.04 (ENAS/DARTS/NAO <c>INITRANGE</c>).</summary>
    public double InitRange { get; init; } = 0.04;

    /// <summary>Throws <see cref="ArgumentException"/> naming the field when a value is out of range.</summary>
    public void Validate()
    {
        if (Vocabulary < 2) throw new ArgumentException($"Vocabulary must be at least 2 (got {Vocabulary}).", nameof(Vocabulary));
        if (Hidden < 1) throw new ArgumentException($"Hidden must be at least 1 (got {Hidden}).", nameof(Hidden));
        CheckProbability(EmbeddingDropout, nameof(EmbeddingDropout));
        CheckProbability(InputDropout, nameof(InputDropout));
        CheckProbability(CellInputDropout, nameof(CellInputDropout));
        CheckProbability(HiddenDropout, nameof(HiddenDropout));
        CheckProbability(OutputDropout, nameof(OutputDropout));
        if (!(InitRange > 0)) throw new ArgumentException($"InitRange must be positive (got {InitRange}).", nameof(InitRange));
    }

    /// <summary>The same model with every dropout set to zero (for tests and for evaluation-only use).</summary>
    public RecurrentModelOptions WithoutDropout() => this with
    {
        EmbeddingDropout = 0, InputDropout = 0, CellInputDropout = 0, HiddenDropout = 0, OutputDropout = 0,
    };

    private static void CheckProbability(double p, string name)
    {
        if (!(p >= 0 && p < 1)) throw new ArgumentException($"{name} must be in [0, 1) (got {p}).", name);
    }
}
