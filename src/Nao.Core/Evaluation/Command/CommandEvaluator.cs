using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Nao.Genotypes;
using Nao.SearchSpaces;

namespace Nao.Evaluation.Command;

/// <summary>
/// Evaluates each architecture by running the user's command (NNI's trial protocol): any program in any framework
/// trains the architecture it is given and prints its score.
/// </summary>
/// <remarks>
/// <para>Per trial, in <c>TRIALS/NNNNN/</c> (the 5-digit trial index), the evaluator writes <c>trial.json</c> (UTF-8, with no escapes beyond what JSON needs, so texts such as <c>(0,sep3x3)+(1,max3x3)</c> read as written):</para>
/// <code>
/// {"space": "nb201", "architecture": "|nor_conv_3x3~0|+...", "tokens": [4, 4, ...],
///  "decisions": {"p0": "nor_conv_3x3", ...}, "trial": 7, "round": 1, "seed": 123456789,
///  "workdir": "/abs/run/trials/00007"}
/// </code>
/// <para>
/// and runs <c>/bin/sh -c COMMAND</c> in that folder with the same JSON on stdin (closed after it), the environment
/// variables <c>NAO_TRIAL_JSON</c> (the file's path) and <c>NAO_TRIAL_DIR</c>, stdout streamed to <c>stdout.log</c> and
/// stderr to <c>stderr.log</c>. <c>decisions</c> are named by the genotype when it implements
/// <see cref="IDecisionValues"/>, else <c>p0..pN</c> with the tokenizer's name of each token. <c>seed</c> is fixed by
/// the search seed and the trial index (<see cref="TrialSeed"/>), so a rerun trial gets the same seed. The folder is
/// kept between attempts (a resumed trial may find its own checkpoint there); the logs are rewritten.
/// </para>
/// <para>Protocol on stdout:</para>
/// <list type="bullet">
/// <item>A result line is a line holding a JSON object with a <c>"score"</c> field, e.g.
/// <c>{"score": 0.93, "epoch": 3, "loss": 0.2}</c>. Every other line is the script's own output and is ignored.</item>
/// <item>The last result line is the final result; its other numeric fields are metrics stored with the trial.</item>
/// <item>Earlier result lines with a numeric <c>step</c> (or else <c>epoch</c>) are the learning curve, with their other
/// numeric fields as the point's metrics.</item>
/// <item>Higher scores are better: print accuracy, or minus a loss.</item>
/// </list>
/// <para>
/// The trial fails (and the search goes on) when the command exits with a non-zero code, prints no result line, or
/// its last result line is not a JSON object with a finite numeric score (NaN is not JSON); the error says which,
/// quotes the last lines of stderr and names the log. The command runs in its own process group: a timeout or Ctrl-C
/// kills the group, grandchildren included, waits for it to exit, and leaves the trial pending for a resume; whatever
/// the command leaves running after it exits is killed too. Calls may run concurrently, each in its own folder.
/// </para>
/// </remarks>
public sealed class CommandEvaluator : ITrialAwareEvaluator
{
    /// <summary>The trial description's file name inside each trial folder.</summary>
    public const string TrialFile = "trial.json";

    /// <summary>The command's stdout log inside each trial folder.</summary>
    public const string StdoutFile = "stdout.log";

    /// <summary>The command's stderr log inside each trial folder.</summary>
    public const string StderrFile = "stderr.log";

    private const int ErrorTailChars = 1000;

    private readonly CommandEvaluatorOptions _options;
    private readonly ISearchSpace _space;
    private readonly string? _spaceText;
    private readonly int _seed;
    private int _untracked = -1;

    /// <summary>Creates the evaluator.</summary>
    /// <param name="options">The command and its settings.</param>
    /// <param name="space">The search space; its name goes into <c>trial.json</c> and its tokenizer names the decisions.</param>
    /// <param name="trialsDirectory">The folder of trial folders, e.g. <c>RUN/trials</c>; created when missing.</param>
    /// <param name="seed">The search seed, from which each trial's seed is derived.</param>
    /// <param name="spaceText">The space's definition file, copied into <c>trial.json</c> as <c>space_text</c>; null to leave it out.</param>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    /// <exception cref="PlatformNotSupportedException">Not on Linux or macOS (the command runs through /bin/sh).</exception>
    public CommandEvaluator(CommandEvaluatorOptions options, ISearchSpace space, string trialsDirectory, int seed, string? spaceText = null)
    {
        options.Validate();
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("The command evaluator runs trials through /bin/sh, which Windows lacks.");
        _options = options;
        _space = space;
        _spaceText = spaceText;
        _seed = seed;
        TrialsDirectory = Path.GetFullPath(trialsDirectory);
    }

    /// <summary>The absolute folder of trial folders.</summary>
    public string TrialsDirectory { get; }

    /// <inheritdoc />
    public string Name => _options.Name is { } name ? $"command {name}" : $"command `{TrialOutput.Shorten(_options.Command, 80)}`";

    /// <summary>A trial's folder: <c>TRIALS/NNNNN</c>.</summary>
    public string TrialDirectory(int index) => Path.Combine(TrialsDirectory, index.ToString("D5", CultureInfo.InvariantCulture));

    /// <summary>
    /// The seed of one trial: a SplitMix64 mix of the search seed and the trial index, as a non-negative int, so
    /// trials get unrelated seeds and a rerun trial gets its old one.
    /// </summary>
    public static int TrialSeed(int seed, int index)
    {
        var z = ((ulong)(uint)seed << 32 | (uint)index) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Without a trial context (e.g. behind a caching decorator) calls are numbered in call order from 0, round 0.
    /// </remarks>
    public Task<EvaluationResult> EvaluateAsync(Genotype genotype, CancellationToken cancellationToken) =>
        EvaluateAsync(new TrialContext
        {
            Index = Interlocked.Increment(ref _untracked), Round = 0, Genotype = genotype,
            Tokens = [.. _space.Tokenizer.Tokenize(genotype)], Seed = _seed,
        }, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="OperationCanceledException">Cancelled or timed out: the process group was killed and has exited.</exception>
    public async Task<EvaluationResult> EvaluateAsync(TrialContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var directory = TrialDirectory(context.Index);
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, TrialFile);
        File.WriteAllBytes(json, TrialJson(context, directory));
        var environment = _options.Environment.Concat([new("NAO_TRIAL_JSON", json), new("NAO_TRIAL_DIR", directory)]);
        int exitCode;
        using (var group = ProcessGroup.Start(_options.Command, directory, TrialFile, StdoutFile, StderrFile, environment))
        {
            // The kill runs inside Cancel(), before it returns: even a caller that stops waiting for this task (the
            // search's timeout, a Ctrl-C that ends the process) has already signalled the group.
            using (cancellationToken.UnsafeRegister(static state => ((ProcessGroup)state!).Kill(), group))
            {
                var exit = group.WaitAsync();
                if (context.ReportPoint is { } report) await FollowCurveAsync(exit, Path.Combine(directory, StdoutFile), report).ConfigureAwait(false);
                exitCode = await exit.ConfigureAwait(false);
            }
            await group.KillLeftoversAsync().ConfigureAwait(false);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return Result(context.Index, directory, exitCode);
    }

    /// <summary>How often a running command's stdout is read for new curve points.</summary>
    internal static readonly TimeSpan CurvePollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Reports the curve points a running command prints, until it exits, so the search's stopping rule can stop it
    /// (issue 18). A result line counts as a point only once a later result line follows it (until then it may be the
    /// final result), so the points reported are always a prefix of the curve the finished command would have.
    /// </summary>
    private static async Task FollowCurveAsync(Task exit, string stdout, Action<CurvePoint> report)
    {
        var reported = 0;
        while (!exit.IsCompleted)
        {
            await Task.WhenAny(exit, Task.Delay(CurvePollInterval)).ConfigureAwait(false);
            if (exit.IsCompleted || !File.Exists(stdout)) continue;
            ImmutableArray<CurvePoint> curve;
            try
            {
                curve = TrialOutput.Read(stdout).Curve;
            }
            catch (IOException)
            {
                continue; // The next read sees it; the finished command's curve is read in full anyway.
            }
            for (; reported < curve.Length; reported++) report(curve[reported]);
        }
    }

    private EvaluationResult Result(int index, string directory, int exitCode)
    {
        var stdout = Path.Combine(directory, StdoutFile);
        var output = File.Exists(stdout) ? TrialOutput.Read(stdout) : new TrialOutput();
        string? problem = null;
        if (exitCode != 0) problem = $"the command exited with code {exitCode}{Signal(exitCode)}.";
        else if (!output.HasResult) problem = $"the command printed no result line (a JSON object with a numeric \"score\", e.g. {{\"score\": 0.93}}) on stdout ({stdout}).";
        else if (output.Malformed is { } malformed) problem = $"the last result line is not valid: {malformed}.";
        if (problem is null) return EvaluationResult.Ok(output.Score, output.Metrics) with { Curve = output.Curve };
        var message = string.Create(CultureInfo.InvariantCulture, $"trial {index}: {problem} {StderrTail(Path.Combine(directory, StderrFile))}");
        return EvaluationResult.Failed(message, output.Metrics) with { Curve = output.Curve };
    }

    private static string Signal(int exitCode) =>
        exitCode is > 128 and < 160 ? string.Create(CultureInfo.InvariantCulture, $" (killed by signal {exitCode - 128}?)") : "";

    /// <summary>The last lines of stderr, read from the end of the file (a log may be large).</summary>
    private string StderrTail(string path)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0) return $"stderr ({path}) is empty.";
        using var stream = File.OpenRead(path);
        var start = Math.Max(0, stream.Length - 64 * 1024);
        stream.Seek(start, SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = reader.ReadToEnd().TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var tail = string.Join('\n', lines[Math.Max(0, lines.Length - _options.ErrorTailLines)..]);
        if (tail.Length > ErrorTailChars) tail = string.Concat("…", tail.AsSpan(tail.Length - ErrorTailChars));
        return $"Last lines of stderr ({path}):\n{tail}";
    }

    /// <summary>The trial's description, indented for people; the same bytes go to the file and to stdin.</summary>
    private byte[] TrialJson(TrialContext context, string directory)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("space", _space.Name);
            writer.WriteString("architecture", context.Genotype.Canonical);
            writer.WriteStartArray("tokens");
            foreach (var token in context.Tokens) writer.WriteNumberValue(token);
            writer.WriteEndArray();
            writer.WriteStartObject("decisions");
            foreach (var (name, value) in Decisions(context)) writer.WriteString(name, value);
            writer.WriteEndObject();
            writer.WriteNumber("trial", context.Index);
            writer.WriteNumber("round", context.Round);
            writer.WriteNumber("seed", TrialSeed(_seed, context.Index));
            writer.WriteString("workdir", directory);
            if (_spaceText is not null) writer.WriteString("space_text", _spaceText);
            writer.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private IEnumerable<KeyValuePair<string, string>> Decisions(TrialContext context) =>
        context.Genotype is IDecisionValues named
            ? named.Decisions
            : context.Tokens.Select((token, i) => new KeyValuePair<string, string>(
                string.Create(CultureInfo.InvariantCulture, $"p{i}"), _space.Tokenizer.TokenName(token)));
}
