using Nao.Evaluation;
using Nao.Evaluation.Command;
using Nao.SearchSpaces;
using Nao.SearchSpaces.Files;

namespace Nao.Search.Evaluators;

/// <summary>
/// <c>--evaluator command</c>: runs the user's trial command for every architecture (<see cref="CommandEvaluator"/>),
/// with the trial as JSON on stdin, and reads its score from stdout. Its logs go to <c>RUN/trials/NNNNN/</c>.
/// </summary>
public sealed class CommandEvaluatorFactory : IEvaluatorFactory
{
    /// <summary>The registry name.</summary>
    public const string EvaluatorName = "command";

    /// <summary>The folder of trial folders inside a run folder.</summary>
    public const string TrialsFolder = "trials";

    /// <inheritdoc />
    public string Name => EvaluatorName;

    /// <inheritdoc />
    public string Description => "run your own trial command for each architecture (--command \"python3 train.py\")";

    /// <inheritdoc />
    /// <remarks>
    /// A command known by name only (<c>--command-name</c>, no command line) is for cluster workers, which run the command
    /// their own configuration gives that name; the search checks that it has workers (<c>CheckAvailable</c>).
    /// </remarks>
    public SearchOptions Validate(SearchOptions options, ISearchSpace space, SearchParts parts)
    {
        if (IsNameOnly(options.Command))
        {
            // The name's own check; the command line is the worker's.
            (options.Command with { Command = "true" }).Validate();
            return options;
        }
        options.Command.Validate();
        return options;
    }

    /// <inheritdoc />
    public IEvaluator Create(SearchOptions options, ISearchSpace space, SearchParts parts, EvaluationContext context)
    {
        if (IsNameOnly(options.Command))
        {
            throw new NotSupportedException(NameOnlyWithoutWorkers(options.Command));
        }
        // Without a run folder (an in-memory search), trial folders go to a fresh temporary folder.
        var trials = context.RunDirectory is { } run
            ? Path.Combine(run, TrialsFolder)
            : Path.Combine(Path.GetTempPath(), "nao-trials", Guid.NewGuid().ToString("N")[..12]);
        return new CommandEvaluator(options.Command, space, trials, options.Seed, (space as FileSearchSpace)?.Source);
    }

    /// <summary>Why a command given by name only cannot run in this process, and the fix.</summary>
    public static string NameOnlyWithoutWorkers(CommandEvaluatorOptions options) =>
        $"--command-name {options.Name} names a command that cluster workers allow (nao worker --allow-command NAME=COMMAND); " +
        "this search runs without workers. Give the command line with --command \"…\", or add --cluster.";

    /// <summary>Whether the options name a command without its command line (for workers that allow it by name).</summary>
    public static bool IsNameOnly(CommandEvaluatorOptions options) => string.IsNullOrWhiteSpace(options.Command) && options.Name is not null;
}
