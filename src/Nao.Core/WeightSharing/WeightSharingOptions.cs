namespace Nao.WeightSharing;

/// <summary>
/// Settings of the NAO-WS loop (DESIGN.md sections 1 and 6): how long the supernet trains between controller rounds,
/// how large the architecture pool is, and how it is renewed. The supernet's own settings (data, sizes, learning rate,
/// dev batches) belong to the supernet; these decide what it is trained on and when. Defaults are sized for a CPU
/// search of about an hour on CIFAR-10 at N=1, F=16 (the paper's GPU search used a pool of 1,000 and 1,000 epochs).
/// </summary>
public sealed record WeightSharingOptions
{
    /// <summary>R: controller rounds, each: train the supernet, score the pool, fit the controller, propose. Default: 3.</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>E: supernet epochs at the start of each round, over the current pool. Default: 2.</summary>
    public int EpochsPerRound { get; init; } = 2;

    /// <summary>Random architectures in the first round's pool. Default: 40.</summary>
    public int InitialPoolSize { get; init; } = 40;

    /// <summary>The best of the old pool (by the round's shared-weight score) kept in the next pool. Default: 20.</summary>
    public int KeepBest { get; init; } = 20;

    /// <summary>
    /// New architectures the controller proposes each round (from the top <see cref="SeedCount"/> of the pool);
    /// they are scored in the same round and join the next pool. Default: 20.
    /// </summary>
    public int NewPerRound { get; init; } = 20;

    /// <summary>Unseen random architectures added to each next pool, so the supernet keeps seeing the whole space. Default: 5.</summary>
    public int RandomPerRound { get; init; } = 5;

    /// <summary>K: the best pool architectures used as the controller's seeds each round. Default: 20.</summary>
    public int SeedCount { get; init; } = 20;

    /// <summary>
    /// After the search, retrain the top k architectures (by their last shared-weight score) from scratch with the
    /// space's trainer (the <c>--training</c> settings) and record their stand-alone scores. 0 for none. Default: 0.
    /// </summary>
    public int FinalTrain { get; init; }

    /// <summary>
    /// With <see cref="FinalTrain"/>: also train this many random architectures the same way, as the baseline the
    /// search must beat, and score them with the final supernet for the rank correlation. Default: 0.
    /// </summary>
    public int FinalRandom { get; init; }

    /// <summary>
    /// Threads for the supernet's tensor work (and the controller's, during a weight-sharing search); 0 for every core.
    /// A resumed run must use the same count to reproduce its trials exactly (torch's sums depend on it). Default: 0.
    /// </summary>
    public int Threads { get; init; }

    /// <summary>
    /// The number of architectures scored over the whole search: every pool of every round plus each round's
    /// proposals. This is the search's budget in evaluations (one shared-weight scoring each).
    /// </summary>
    public int PlannedScorings => InitialPoolSize + NewPerRound + (Rounds - 1) * (KeepBest + 2 * NewPerRound + RandomPerRound);

    /// <summary>Checks the values; the message names the option and the fix.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (Rounds < 1) throw new ArgumentException($"Weight sharing needs at least 1 round (--ws-rounds); got {Rounds}.");
        if (EpochsPerRound < 1) throw new ArgumentException($"The supernet must train at least 1 epoch per round (--ws-epochs); got {EpochsPerRound}.");
        if (InitialPoolSize < 2) throw new ArgumentException($"The weight-sharing pool must hold at least 2 architectures (--ws-pool), so the controller has two scores to rank; got {InitialPoolSize}.");
        if (KeepBest < 0) throw new ArgumentException($"The best kept from the old pool (--ws-keep) must be 0 or more; got {KeepBest}.");
        if (KeepBest > InitialPoolSize) throw new ArgumentException($"--ws-keep ({KeepBest}) cannot exceed the initial pool (--ws-pool {InitialPoolSize}).");
        if (NewPerRound < 1) throw new ArgumentException($"The controller must propose at least 1 architecture per round (--ws-new); got {NewPerRound}.");
        if (RandomPerRound < 0) throw new ArgumentException($"The random architectures added per round (--ws-random) must be 0 or more; got {RandomPerRound}.");
        if (KeepBest + NewPerRound + RandomPerRound < 2) throw new ArgumentException("The next pool (--ws-keep + --ws-new + --ws-random) must hold at least 2 architectures.");
        if (SeedCount < 1) throw new ArgumentException($"The controller's seed count (--ws-top-k) must be at least 1; got {SeedCount}.");
        if (Threads < 0) throw new ArgumentException($"--ws-threads must be 0 (every core) or a thread count; got {Threads}.");
        if (FinalTrain < 0) throw new ArgumentException($"--final-train must be 0 (none) or a number of architectures to retrain; got {FinalTrain}.");
        if (FinalRandom < 0) throw new ArgumentException($"--final-random must be 0 or more; got {FinalRandom}.");
        if (FinalRandom > 0 && FinalTrain == 0) throw new ArgumentException("--final-random trains a random baseline next to the search's best, so it needs --final-train k as well.");
    }
}
