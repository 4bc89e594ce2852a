namespace Nao.Evaluation;

/// <summary>Settings of the <c>sleep</c> evaluator (a slow fake for tests and scaling measurements).</summary>
public sealed record SleepEvaluatorOptions
{
    /// <summary>Seconds each evaluation waits before it returns the table's score. Default: 1.</summary>
    public double Seconds { get; init; } = 1;

    /// <summary>Checks the value; the message names the option and the fix.</summary>
    /// <exception cref="ArgumentException">Not a finite number of seconds ≥ 0.</exception>
    public void Validate()
    {
        if (!(Seconds >= 0) || double.IsInfinity(Seconds)) throw new ArgumentException($"The sleep evaluator's --sleep must be a finite number of seconds ≥ 0; got {Seconds}.");
    }
}
