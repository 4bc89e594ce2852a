using System.Text.RegularExpressions;

namespace Nao.Evaluation.Command;

/// <summary>Settings of the <see cref="CommandEvaluator"/>: the user's trial command and what it runs with.</summary>
public sealed partial record CommandEvaluatorOptions
{
    /// <summary>
    /// The command line of one trial, run by <c>/bin/sh -c</c> in the trial's folder, e.g. <c>python3 train.py</c>.
    /// Required. Default: empty (invalid).
    /// </summary>
    public string Command { get; init; } = "";

    /// <summary>
    /// The name the command is known by when a worker allows it by name (e.g. <c>train</c>); shown in run logs in
    /// place of the command line. Null when the command line was given directly. Default: null.
    /// </summary>
    public string? Name { get; init; }

    /// <summary>
    /// Extra environment variables of the command (added to Nao's own environment; the <c>NAO_TRIAL_*</c> variables
    /// are Nao's and cannot be set here). Default: none.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// How many of stderr's last lines a failed trial's error quotes (at most 1,000 characters of them). Default: 10.
    /// </summary>
    public int ErrorTailLines { get; init; } = 10;

    /// <summary>Checks the values; the message names the option and the fix.</summary>
    /// <exception cref="ArgumentException">A value is missing or out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Command))
        {
            throw new ArgumentException("The trial command is empty; give the command line that trains one architecture, e.g. 'python3 train.py'.");
        }
        if (Command.Contains('\0', StringComparison.Ordinal)) throw new ArgumentException("The trial command contains a NUL character; remove it.");
        if (Name is not null && !NamePattern().IsMatch(Name))
        {
            throw new ArgumentException($"The command name '{Name}' is not valid; use letters, digits, '.', '_' or '-' (e.g. train-cifar).");
        }
        foreach (var (key, value) in Environment)
        {
            if (key.Length == 0 || key.Contains('=', StringComparison.Ordinal) || key.Contains('\0', StringComparison.Ordinal) || value.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"The environment variable '{key}' is not valid; a name is non-empty without '=', and neither name nor value may hold a NUL.");
            }
            if (key.StartsWith("NAO_TRIAL_", StringComparison.Ordinal))
            {
                throw new ArgumentException($"The environment variable {key} is set by Nao for every trial; pick another name.");
            }
        }
        if (ErrorTailLines is < 1 or > 1000) throw new ArgumentException($"The number of stderr lines quoted on failure must be 1 to 1000; got {ErrorTailLines}.");
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex NamePattern();
}
