using Nao.Experiments;
using Nao.Reporting;
using Nao.Search;
using Nao.Storage;

namespace Nao.Sessions;

/// <summary>
/// One search in its run folder, from start or resume to the report: what <c>nao search</c> does, for any program.
/// Create a new run with <see cref="Create"/>, continue one with <see cref="Resume"/> (or either with
/// <see cref="CreateOrResume"/>), then <see cref="RunAsync"/>. Holds the run folder until disposed.
/// </summary>
/// <example>
/// <code>
/// var runner = new SearchRunner(SearchParts.Core.WithSpace(mySpace).WithEvaluator(new EvaluatorInstance("mine", myEvaluator)));
/// using var session = SearchSession.CreateOrResume("runs/mine", new SearchOptions { Space = mySpace.Name, Evaluator = "mine", Strategy = "evolution" }, runner);
/// var result = await session.RunAsync(progress: null, CancellationToken.None);
/// </code>
/// </example>
public sealed class SearchSession : IDisposable
{
    private readonly SearchRunner _runner;
    private int _refitted;

    private SearchSession(RunStore store, SearchRunner runner, IReadOnlyList<Trial> stored, bool resumed, int previousBudget)
    {
        Store = store;
        _runner = runner;
        StoredTrials = stored;
        Resumed = resumed;
        PreviousBudget = previousBudget;
        store.CheckpointWarning = warning =>
        {
            _refitted++;
            Warning?.Invoke(warning);
        };
    }

    /// <summary>The run's store (its folder, options and trials).</summary>
    public RunStore Store { get; }

    /// <summary>The trials the folder held when the session started (none for a new run).</summary>
    public IReadOnlyList<Trial> StoredTrials { get; }

    /// <summary>Whether the session continues a run that was already there.</summary>
    public bool Resumed { get; }

    /// <summary>The budget the run had before this session (equal to the current one unless a resume extended it).</summary>
    public int PreviousBudget { get; }

    /// <summary>Whether the run is done: it completed and no trial is pending, so running it would only replay it.</summary>
    public bool IsComplete => Resumed && Store.Status == RunStatus.Completed && StoredTrials.All(t => t.IsFinished) && PreviousBudget == Store.Options.Loop.Budget;

    /// <summary>Receives warnings of the run (a controller checkpoint that had to be refitted). Default: none.</summary>
    public Action<string>? Warning { get; set; }

    /// <summary>
    /// Checks the options and completes every part's settings, as a new run would store them; nothing is written. Use
    /// it to check a search before anything else (a cluster's workers, say), then <see cref="Create"/> with the result.
    /// </summary>
    /// <exception cref="SearchSetupException">A bad option; the message names the fix.</exception>
    public static SearchOptions Describe(SearchOptions options, SearchRunner runner) => Checked(() => runner.Describe(options), runner);

    /// <summary>Starts a new run in <paramref name="directory"/> with options as <see cref="Describe"/> returns them.</summary>
    /// <exception cref="SearchSetupException">The folder already holds a run, or a bad option.</exception>
    /// <exception cref="RunLockedException">Another process holds the folder.</exception>
    public static SearchSession Create(string directory, SearchOptions options, SearchRunner runner)
    {
        options = Describe(options, runner);
        if (RunStore.IsRun(directory))
        {
            throw new SearchSetupException($"'{directory}' already holds a run. Resume it with 'nao search --resume {directory}', or choose another --run folder.");
        }
        var store = RunStore.Create(directory, options, runner.Parts);
        return new SearchSession(store, runner, [], resumed: false, options.Loop.Budget);
    }

    /// <summary>
    /// Continues the run in <paramref name="directory"/> with its stored options; <paramref name="budget"/>, when given,
    /// extends (or shortens, down to the trials recorded) the same sequence of trials. Every stored trial is verified
    /// first, so a damaged run is refused with its status untouched.
    /// </summary>
    /// <exception cref="SearchSetupException">The stored options no longer validate, or the budget cannot apply.</exception>
    /// <exception cref="RunLockedException">Another process holds the folder.</exception>
    /// <exception cref="InvalidDataException">A damaged run store.</exception>
    public static SearchSession Resume(string directory, SearchRunner runner, int? budget = null)
    {
        var store = RunStore.Open(directory, runner.Parts);
        try
        {
            Check(store.Options, runner);
            var stored = store.LoadTrials();
            var previous = store.Options.Loop.Budget;
            if (budget is { } b && b != previous) SetBudget(store, stored, b, runner);
            return new SearchSession(store, runner, stored, resumed: true, previous);
        }
        catch
        {
            // A refused resume leaves the run as it was; release the database so the folder can be moved or deleted.
            store.Dispose();
            throw;
        }
    }

    /// <summary>Resumes the run in <paramref name="directory"/> if there is one, else starts it with <paramref name="options"/>.</summary>
    /// <exception cref="SearchSetupException">The folder holds a run of other options: the message names the first difference.</exception>
    public static SearchSession CreateOrResume(string directory, SearchOptions options, SearchRunner runner)
    {
        if (!RunStore.IsRun(directory)) return Create(directory, options, runner);
        var session = Resume(directory, runner, options.Loop.Budget);
        var wanted = RunJsonText(Describe(options, runner) with { Loop = session.Store.Options.Loop });
        var stored = RunJsonText(session.Store.Options);
        if (wanted != stored)
        {
            session.Dispose();
            throw new SearchSetupException($"'{directory}' holds a run with other options than these. Resume it with its own options, or choose another run folder.");
        }
        return session;
    }

    /// <summary>
    /// Runs the search to its budget from wherever it stopped and writes the report. On cancellation the report of the
    /// trials so far is written and the run can be resumed.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled; finished trials are saved.</exception>
    /// <exception cref="SearchSetupException">A refitted controller checkpoint does not reproduce the stored run.</exception>
    public async Task<SearchResult> RunAsync(IProgress<SearchProgress>? progress, CancellationToken cancellationToken)
    {
        if (IsComplete)
        {
            var path = Path.Combine(Store.Directory, RunReport.FileName);
            if (!File.Exists(path)) path = RunReport.Write(Store)[0];
            return new SearchResult(SearchSummary.FromStored(StoredTrials, Store.Options.Loop.Budget), path);
        }
        SearchSummary summary;
        try
        {
            summary = await _runner.RunAsync(Store, progress, cancellationToken);
        }
        catch (ReplayMismatchException e) when (_refitted > 0)
        {
            // The refit gave other proposals than the stored run: its trials changed since the fit, or the fit is not
            // reproducible here. Going on would silently continue another search.
            throw new SearchSetupException($"{e.Message} Before this, a controller checkpoint was refitted (see the warning above), and the refit " +
                "does not reproduce the stored run. Restore the run folder from a backup, or start a new run.", e);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            RunReport.Write(Store);
            throw;
        }
        return new SearchResult(summary, RunReport.Write(Store)[0]);
    }

    /// <inheritdoc />
    public void Dispose() => Store.Dispose();

    /// <summary>Checks stored options, which are complete: without filling in today's defaults.</summary>
    private static void Check(SearchOptions options, SearchRunner runner) => Checked(() =>
    {
        var valid = SearchFactory.Validate(options, runner.Parts.WithoutResolving());
        runner.CheckAvailable(valid);
        return valid;
    }, runner);

    /// <summary>
    /// Runs a validation, then loads a benchmark evaluator's table (cached for the embedded one) so a missing file or
    /// unknown metric fails now, not mid-run; a bad option becomes a <see cref="SearchSetupException"/>.
    /// </summary>
    private static SearchOptions Checked(Func<SearchOptions> validate, SearchRunner runner)
    {
        try
        {
            var options = validate();
            if (options.Evaluator is SearchFactory.BenchmarkEvaluator or SearchFactory.SleepEvaluator) _ = runner.CreateEvaluator(options);
            return options;
        }
        catch (Exception e) when (e is (ArgumentException and not ArgumentNullException) or NotSupportedException)
        {
            throw new SearchSetupException(e.Message, e);
        }
    }

    /// <summary>
    /// Random search, evolution and NAO never look at the budget when they choose a trial (the loop only stops asking at
    /// the budget; NAO's rounds are sized by the per-round count, not by the budget), so a run extended to N trials holds
    /// the same trials as a run started with budget N.
    /// </summary>
    private static void SetBudget(RunStore store, IReadOnlyList<Trial> trials, int budget, SearchRunner runner)
    {
        var options = store.Options;
        if (options.Evaluator == SearchFactory.WeightSharingEvaluator)
        {
            throw new SearchSetupException(
                $"'{store.Directory}' is a weight-sharing run: its budget ({options.Loop.Budget} scorings) is set by the rounds it planned at the start "
                + "(--ws-rounds, --ws-pool, --ws-new), and those cannot change once the supernet has trained. Drop --budget to finish the run, "
                + "or start a new run with more --ws-rounds.");
        }
        if (budget < trials.Count)
        {
            throw new SearchSetupException(
                $"'{store.Directory}' already holds {trials.Count} trials, so --budget {budget} would leave some of them out. "
                + $"Give --budget {trials.Count} or more to extend the run, or drop --budget to finish its budget of {options.Loop.Budget}.");
        }
        Check(options with { Loop = options.Loop with { Budget = budget } }, runner);
        store.SetBudget(budget);
    }

    private static string RunJsonText(SearchOptions options) => System.Text.Json.JsonSerializer.Serialize(options, RunJson.Compact);
}

/// <summary>What a finished search gives: its summary and the report it wrote.</summary>
/// <param name="Summary">The trials, the best one, and what was evaluated or replayed.</param>
/// <param name="ReportPath">The Markdown report in the run folder.</param>
public sealed record SearchResult(SearchSummary Summary, string ReportPath);
