namespace Nao.Experiments.Stopping;

/// <summary>Settings of <see cref="MedianStoppingRule"/> (NNI's Medianstop assessor; Golovin et al. 2017, Google Vizier).</summary>
public sealed record MedianStoppingOptions
{
    /// <summary>Finished curves needed before any trial is stopped (a median of one or two is noise). Default: 5.</summary>
    public int MinFinished { get; init; } = 5;

    /// <summary>Points a trial is always allowed before it may be stopped (early epochs rank poorly). Default: 1.</summary>
    public int GracePoints { get; init; } = 1;

    /// <summary>Checks the values; the message names the option and the fix.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (MinFinished < 1) throw new ArgumentException($"median stopping: minFinished must be at least 1 finished trial; got {MinFinished}.");
        if (GracePoints < 1) throw new ArgumentException($"median stopping: grace must be at least 1 point; got {GracePoints}.");
    }
}
