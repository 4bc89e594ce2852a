using System.CommandLine;
using Nao.Cluster;
using Nao.Cluster.Coordinator;
using Nao.Cluster.Worker;
using Nao.Experiments;
using Nao.Search;

namespace Nao.Cli.Commands;

/// <summary>
/// What <c>nao search --cluster</c> adds to a search: the connection to the workers, the parallelism they offer,
/// and a check that they accept the search's evaluations before anything runs. The search itself (store, resume,
/// report) is unchanged: only its evaluator is the cluster's.
/// </summary>
internal static class ClusterSearch
{
    /// <summary>The help text of <c>--cluster</c> on <c>nao search</c>.</summary>
    public const string Description =
        "Evaluate on a cluster of 'nao worker's instead of in this process: 'localhost' or a PostgreSQL database (see 'nao worker --help'). " +
        "The parallelism defaults to the workers' slots; the run folder stays here.";

    /// <summary>Connects when <c>--cluster</c> was given (null otherwise) and prints the workers.</summary>
    /// <exception cref="UsageException">Invalid cluster options, or no worker can be reached; the message says what to start.</exception>
    public static async Task<ClusterSession?> ConnectAsync(ClusterOptionSet set, ParseResult parse, CliConsole console, CancellationToken cancellationToken)
    {
        if (set.Bind(parse) is not { } settings) return null;
        var error = console.Error;
        error.WriteLine($"Connecting to the cluster ({settings.Connection.Describe()}, cluster id '{settings.ClusterId}')…");
        ClusterSession session;
        try
        {
            session = await ClusterSession.ConnectAsync(settings, set.EvaluatorOptions(parse), line =>
            {
                lock (error) error.WriteLine($"cluster: {line}");
            }, parse.GetValue(set.Log), cancellationToken);
        }
        catch (ClusterUnavailableException e)
        {
            throw new UsageException(e.Message);
        }
        var workers = session.Workers;
        error.WriteLine($"Cluster: {workers.Count} worker{(workers.Count == 1 ? "" : "s")} with {session.TotalSlots} slot{(session.TotalSlots == 1 ? "" : "s")} " +
                        $"({string.Join(", ", workers.Select(w => $"{w.Name}: {w.Slots}"))})");
        return session;
    }

    /// <summary>
    /// Checks names and ranges before connecting, so a typo fails at once rather than after the wait for workers
    /// (files are checked later, by the workers, where the paths are valid).
    /// </summary>
    public static void PreValidate(SearchOptions options)
    {
        // First on the options as given, so a missing --command-name is explained in the cluster's terms.
        if (ClusterSession.CommandLineProblem(options) is { } given) throw new UsageException(given);
        try
        {
            options = SearchFactory.Validate(options);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        if (ClusterSession.CommandLineProblem(options) is { } problem) throw new UsageException(problem);
    }

    /// <summary>
    /// A new run on the cluster evaluates as many architectures at once as the workers have slots, unless
    /// <c>--parallel</c> says otherwise. The value is stored with the run (a resumed run keeps it, because the
    /// order in which a strategy is asked depends on it); later workers still get work when earlier ones leave.
    /// </summary>
    public static SearchOptions WithParallelism(SearchOptions options, ClusterSession? session, ParseResult parse, Option<int> parallel) =>
        session is null || parse.GetResult(parallel) is { Implicit: false } ? options
        : options with { Loop = options.Loop with { Parallel = Math.Max(1, session.TotalSlots) } };

    /// <summary>Asks the workers whether they accept the search's evaluations.</summary>
    /// <exception cref="UsageException">Every worker rejects them; the message is the reason.</exception>
    public static async Task CheckAsync(ClusterSession? session, SearchOptions options, CancellationToken cancellationToken)
    {
        if (session is null) return;
        try
        {
            await session.CheckAsync(options, cancellationToken);
        }
        catch (RequestRejectedException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
