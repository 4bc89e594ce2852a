using System.Globalization;

namespace Nao.Strategies;

/// <summary>
/// Settings of the BANANAS-style strategy (White et al. 2021): an ensemble of MLPs on a one-hot token encoding,
/// mutations of the best architectures as candidates, and independent Thompson sampling to choose among them.
/// Defaults follow the paper's NAS-Bench-201 setup, sized for the 2-core machine.
/// </summary>
public sealed record BananasOptions
{
    /// <summary>Random architectures evaluated before the first fit. Default: 10 (the paper's initial pool).</summary>
    public int InitialPoolSize { get; init; } = 10;

    /// <summary>New architectures evaluated per round (after one fit). Default: 10 (the paper's k).</summary>
    public int ProposalsPerRound { get; init; } = 10;

    /// <summary>The best evaluated architectures that are mutated into candidates. Default: 10.</summary>
    public int Parents { get; init; } = 10;

    /// <summary>Distinct unseen candidates (single mutations of the parents, in turn) the ensemble scores per round. Default: 100.</summary>
    public int Candidates { get; init; } = 100;

    /// <summary>Members of the ensemble, each an MLP with its own initialization and batch order. Default: 5.</summary>
    public int EnsembleSize { get; init; } = 5;

    /// <summary>Hidden layers of each MLP. Default: 3.</summary>
    public int HiddenLayers { get; init; } = 3;

    /// <summary>Units in each hidden layer. Default: 32.</summary>
    public int HiddenWidth { get; init; } = 32;

    /// <summary>Training epochs of each member per fit (Adam; minibatches of 32, fewer and larger beyond 128 evaluations). Default: 100.</summary>
    public int Epochs { get; init; } = 100;

    /// <summary>Adam's learning rate. Default: 0.01.</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Checks the values; the message names the option and the fix.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (InitialPoolSize < 2) throw new ArgumentException($"The BANANAS initial pool (--bananas-pool) must hold at least 2 architectures (the ensemble needs two scores); got {InitialPoolSize}.");
        if (ProposalsPerRound < 1) throw new ArgumentException($"The BANANAS proposals per round (--bananas-per-round) must be at least 1; got {ProposalsPerRound}.");
        if (Parents < 1) throw new ArgumentException($"The BANANAS parents must be at least 1; got {Parents}.");
        if (Candidates < ProposalsPerRound)
        {
            throw new ArgumentException($"The BANANAS candidates (--bananas-candidates) must be at least the proposals per round ({ProposalsPerRound}); got {Candidates}.");
        }
        if (EnsembleSize < 2) throw new ArgumentException($"The BANANAS ensemble needs at least 2 members to have a spread; got {EnsembleSize}.");
        if (HiddenLayers < 1 || HiddenWidth < 1) throw new ArgumentException($"The BANANAS MLP needs at least 1 hidden layer of at least 1 unit; got {HiddenLayers} × {HiddenWidth}.");
        if (Epochs < 1) throw new ArgumentException($"The BANANAS epochs must be at least 1; got {Epochs}.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The BANANAS learning rate must be a finite number > 0; got {LearningRate}."));
        }
    }
}
