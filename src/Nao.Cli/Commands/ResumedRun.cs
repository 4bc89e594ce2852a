using Nao.Experiments;
using Nao.Storage;
using Nao.Sessions;
using Nao.Search;

namespace Nao.Cli.Commands;

/// <summary>
/// What <c>nao search --resume DIR [--budget N]</c> may do with a stored run: finish it, extend it to another budget,
/// or, when it is complete and no larger budget is asked for, only print its result.
/// </summary>
internal static class ResumedRun
{
    /// <summary>
    /// Whether the run is done: it ended as completed and no trial is pending, so a replay would evaluate nothing and
    /// only spend the time of re-asking the strategy (for NAO, the controller's proposals of every round).
    /// </summary>
    public static bool IsComplete(RunStore store, IReadOnlyList<Trial> trials) =>
        store.Status == RunStatus.Completed && trials.All(t => t.IsFinished);

    /// <summary>
    /// Checks a budget given with <c>--resume</c> and stores it in the run. Random search, evolution and NAO never look
    /// at the budget when they choose a trial (the loop only stops asking at the budget; NAO's rounds are sized by
    /// <c>--per-round</c>, not by the budget), so a run extended to N trials holds the same trials as a run started
    /// with budget N. Returns whether the budget grew.
    /// </summary>
    /// <exception cref="UsageException">A weight-sharing run, or a budget below the trials already recorded.</exception>
    public static bool SetBudget(RunStore store, IReadOnlyList<Trial> trials, int budget, SearchRunner runner)
    {
        var options = store.Options;
        if (budget == options.Loop.Budget) return false;
        if (options.Evaluator == SearchFactory.WeightSharingEvaluator)
        {
            throw new UsageException(
                $"'{store.Directory}' is a weight-sharing run: its budget ({options.Loop.Budget} scorings) is set by the rounds it planned at the start "
                + "(--ws-rounds, --ws-pool, --ws-new), and those cannot change once the supernet has trained. Drop --budget to finish the run, "
                + "or start a new run with more --ws-rounds.");
        }
        if (budget < trials.Count)
        {
            throw new UsageException(
                $"'{store.Directory}' already holds {trials.Count} trials, so --budget {budget} would leave some of them out. "
                + $"Give --budget {trials.Count} or more to extend the run, or drop --budget to finish its budget of {options.Loop.Budget}.");
        }
        SearchOptionSet.Validate(options with { Loop = options.Loop with { Budget = budget } }, runner);
        store.SetBudget(budget);
        return budget > options.Loop.Budget;
    }
}
