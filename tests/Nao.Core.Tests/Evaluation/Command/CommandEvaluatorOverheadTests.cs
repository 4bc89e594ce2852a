using System.Diagnostics;
using Nao.Evaluation;
using Nao.Evaluation.Command;
using Nao.SearchSpaces;
using Xunit.Abstractions;

namespace Nao.Tests.Evaluation.Command;

/// <summary>
/// The cost of the command protocol itself (folder, trial.json, process group, logs, parsing) per trial, measured with a
/// command that does nothing but print its score. Run with
/// <c>dotnet test tests/Nao.Core.Tests --filter "FullyQualifiedName~CommandEvaluatorOverheadTests" --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class CommandEvaluatorOverheadTests(ITestOutputHelper output) : IDisposable
{
    private const int Trials = 200;
    private readonly string _root = Directory.CreateTempSubdirectory("nao-overhead-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [Trait("Category", "Slow")]
    [InlineData(1)]
    [InlineData(2)]
    public async Task The_per_trial_overhead_of_a_trivial_command_is_measured(int parallel)
    {
        var space = SearchSpaceRegistry.Nb201;
        var evaluator = new CommandEvaluator(new CommandEvaluatorOptions { Command = "echo '{\"score\": 1}'" }, space, Path.Combine(_root, "trials"), seed: 0);
        var genotypes = Enumerable.Range(0, Trials).Select(i => space.Sample(new Random(i))).ToArray();
        // One warm-up trial: the first process start loads more than the later ones.
        await evaluator.EvaluateAsync(Context(space, 0, genotypes[0]), CancellationToken.None);

        var clock = Stopwatch.StartNew();
        var next = 0;
        var results = new EvaluationResult[Trials];
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Task.Run(async () =>
        {
            for (int i; (i = Interlocked.Increment(ref next) - 1) < Trials;)
            {
                results[i] = await evaluator.EvaluateAsync(Context(space, i + 1, genotypes[i]), CancellationToken.None);
            }
        })));
        clock.Stop();

        Assert.All(results, r => Assert.True(r.IsOk, r.Error));
        var perTrial = clock.Elapsed.TotalMilliseconds / Trials;
        output.WriteLine($"command evaluator overhead: {Trials} trials of `echo '{{\"score\": 1}}'`, parallel {parallel}: " +
            $"{clock.Elapsed.TotalSeconds:0.00} s, {perTrial:0.0} ms per trial (wall time / trials), {Environment.ProcessorCount} CPUs");
        Assert.True(perTrial < 500, $"{perTrial:0.0} ms per trial");

        // The floor: the same number of bare `/bin/sh -c echo` processes, started and awaited the same way.
        var bare = Stopwatch.StartNew();
        next = 0;
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= Trials)
            {
                using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "echo '{\"score\": 1}'"]) { RedirectStandardOutput = true })!;
                await process.StandardOutput.ReadToEndAsync();
                await process.WaitForExitAsync();
            }
        })));
        output.WriteLine($"bare /bin/sh -c echo, parallel {parallel}: {bare.Elapsed.TotalMilliseconds / Trials:0.0} ms per process");
    }

    private static TrialContext Context(ISearchSpace space, int index, Nao.Genotypes.Genotype genotype) =>
        new() { Index = index, Round = 0, Genotype = genotype, Tokens = [.. space.Tokenizer.Tokenize(genotype)] };
}
