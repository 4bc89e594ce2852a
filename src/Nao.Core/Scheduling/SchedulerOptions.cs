using System.Globalization;

namespace Nao.Scheduling;

/// <summary>
/// Settings of the multi-fidelity scheduler (<see cref="FidelityScheduler"/>): successive halving (Jamieson &amp;
/// Talwalkar 2016) or Hyperband (Li et al. 2017), whose brackets are successive halving started at each fidelity.
/// </summary>
public sealed record SchedulerOptions
{
    /// <summary>The scheduler names.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["none", "successive-halving", "hyperband"];

    /// <summary><c>none</c> (every trial at full fidelity), <c>successive-halving</c> or <c>hyperband</c>. Default: <c>none</c>.</summary>
    public string Kind { get; init; } = "none";

    /// <summary>
    /// The fidelities in increasing order, the last one full (epochs for the training evaluators; for the benchmark
    /// evaluator on NAS-Bench-201 only 12 and 200 exist). Default: [12, 200].
    /// </summary>
    public IReadOnlyList<double> Fidelities { get; init; } = [12, 200];

    /// <summary>The best 1/η of a rung go on to the next fidelity. Default: 3.</summary>
    public double Eta { get; init; } = 3;

    /// <summary>
    /// Multiplies the number of candidates each bracket starts with (Hyperband's n = ⌈(s_max+1)/(s+1)·η^s⌉), for larger
    /// brackets than the fidelities and η alone give. Default: 1.
    /// </summary>
    public int BracketScale { get; init; } = 1;

    /// <summary>True unless the kind is <c>none</c>.</summary>
    public bool IsEnabled => Kind != "none";

    /// <summary>Checks the values; the message names the option and the fix.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (!Kinds.Contains(Kind)) throw new ArgumentException($"Unknown scheduler '{Kind}'; use one of: {string.Join(", ", Kinds)}.");
        if (Fidelities.Count < 2 && IsEnabled) throw new ArgumentException("The scheduler needs at least two fidelities, e.g. --fidelities 12,200.");
        for (var i = 0; i < Fidelities.Count; i++)
        {
            if (!(Fidelities[i] > 0) || double.IsInfinity(Fidelities[i]) || (i > 0 && Fidelities[i] <= Fidelities[i - 1]))
            {
                throw new ArgumentException($"The fidelities must be positive and increasing, the last one full (e.g. 12,200); got {string.Join(",", Fidelities.Select(f => f.ToString(CultureInfo.InvariantCulture)))}.");
            }
        }
        if (!(Eta > 1) || double.IsInfinity(Eta)) throw new ArgumentException($"η (--eta) must be a number above 1, e.g. 3; got {Eta}.");
        if (BracketScale < 1) throw new ArgumentException($"The bracket scale must be at least 1; got {BracketScale}.");
    }
}
