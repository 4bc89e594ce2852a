using System.Globalization;

namespace Nao.Training;

/// <summary>
/// When a training run counts as diverged, shared by the convolutional and the recurrent trainer. A NaN or infinite
/// loss or gradient norm diverges at once. A finite loss diverges when it stays above
/// <see cref="Factor"/>·ln(classes) for <see cref="Patience"/> steps in a row: uniform guessing costs ln(classes), so
/// a loss that many times worse is not a bad step but weights that blew up (a learning rate of 1e9 gives losses of
/// 1e8 and more that stay finite, and a run left going would be recorded at chance accuracy). The rule looks at losses
/// only, never at time or randomness, so the same run always stops at the same step.
/// </summary>
internal sealed class DivergenceRule
{
    private int stepsAbove;

    /// <summary>A rule for <paramref name="classes"/> classes (or words) that trips after <paramref name="patience"/> steps above the bound.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 2 classes, a factor of 1 or less, or a patience below 1.</exception>
    public DivergenceRule(int classes, double factor, int patience)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        if (!(factor > 1)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "The divergence factor must be above 1.");
        ArgumentOutOfRangeException.ThrowIfLessThan(patience, 1);
        Classes = classes;
        Factor = factor;
        Patience = patience;
        ChanceLoss = Math.Log(classes);
        Bound = factor * ChanceLoss;
    }

    /// <summary>The number of classes (or words) the loss is over.</summary>
    public int Classes { get; }

    /// <summary>How many times the loss of uniform guessing the loss may reach.</summary>
    public double Factor { get; }

    /// <summary>How many steps in a row the loss must stay above <see cref="Bound"/> to count as divergence.</summary>
    public int Patience { get; }

    /// <summary>ln(classes): the cross-entropy of guessing uniformly.</summary>
    public double ChanceLoss { get; }

    /// <summary><see cref="Factor"/>·<see cref="ChanceLoss"/>.</summary>
    public double Bound { get; }

    /// <summary>Forgets the steps counted so far (at an epoch start, so a resumed run counts as the uninterrupted one did).</summary>
    public void Reset() => stepsAbove = 0;

    /// <summary>Checks one step's loss; returns what diverged (for a message), or null while training looks sane.</summary>
    public string? CheckLoss(double loss)
    {
        if (!double.IsFinite(loss)) return $"the loss is {Describe(loss)}";
        stepsAbove = loss > Bound ? stepsAbove + 1 : 0;
        if (stepsAbove < Patience) return null;
        var steps = Patience == 1 ? "" : $" for {Patience} steps in a row";
        return string.Create(CultureInfo.InvariantCulture,
            $"the loss {loss:G4} exceeds {Factor:G4}·ln({Classes:N0}) = {Bound:F2}{steps} (uniform guessing gives {ChanceLoss:F2})");
    }

    /// <summary>
    /// Checks an epoch's mean loss against the same bound: an epoch too short for <see cref="Patience"/> steps (tiny
    /// data) still cannot end far worse than guessing. Returns what diverged, or null.
    /// </summary>
    public string? CheckEpochMean(double meanLoss) =>
        !double.IsFinite(meanLoss) ? $"the epoch's mean loss is {Describe(meanLoss)}"
        : meanLoss > Bound ? string.Create(CultureInfo.InvariantCulture,
            $"the epoch's mean loss {meanLoss:G4} exceeds {Factor:G4}·ln({Classes:N0}) = {Bound:F2} (uniform guessing gives {ChanceLoss:F2})")
        : null;

    /// <summary>Checks a gradient norm (before clipping); returns what diverged, or null when it is finite.</summary>
    public static string? CheckGradientNorm(double norm) => double.IsFinite(norm) ? null : $"the gradient norm is {Describe(norm)}";

    private static string Describe(double value) => double.IsNaN(value) ? "NaN" : "infinite";
}
