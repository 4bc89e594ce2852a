using Nao.Evaluation;
using Nao.Scheduling;
using Nao.SearchSpaces;

namespace Nao.Search.Evaluators;

/// <summary><c>--evaluator benchmark</c>: looks each architecture up in a NAS-Bench-201 table (<see cref="TabularEvaluator"/>).</summary>
public sealed class BenchmarkEvaluatorFactory : IEvaluatorFactory
{
    /// <summary>The registry name.</summary>
    public const string EvaluatorName = "benchmark";

    /// <inheritdoc />
    public string Name => EvaluatorName;

    /// <inheritdoc />
    public string Description => "look up NAS-Bench-201 (--benchmark FILE for another table in its format)";

    /// <inheritdoc />
    public SearchOptions Validate(SearchOptions options, ISearchSpace space, SearchParts parts)
    {
        options.Benchmark.Validate();
        RequireNb201(space, Name);
        if (options.Scheduler.IsEnabled)
        {
            // Fails fast on fidelities other than 12 and 200 or a metric without a 12-epoch column.
            FidelityTableEvaluator.Nb201(Benchmarks.TabularBenchmark.Nb201, options.Benchmark.Metric, options.Scheduler.Fidelities);
            if (options.Benchmark.NoiseStd > 0) throw new ArgumentException("--noise is not simulated at several fidelities; drop --noise or --scheduler.");
        }
        return options;
    }

    /// <inheritdoc />
    public IEvaluator Create(SearchOptions options, ISearchSpace space, SearchParts parts, EvaluationContext context)
    {
        if (!options.Scheduler.IsEnabled) return TabularEvaluator.Create(options.Benchmark);
        var table = options.Benchmark.BenchmarkPath is { } path ? Benchmarks.TabularBenchmark.Load(path) : Benchmarks.TabularBenchmark.Nb201;
        return FidelityTableEvaluator.Nb201(table, options.Benchmark.Metric, options.Scheduler.Fidelities);
    }

    /// <summary>
    /// The table holds NAS-Bench-201 cells, so the space must be nb201 or a space whose architectures are written the
    /// same way (a space file equivalent to it).
    /// </summary>
    internal static void RequireNb201(ISearchSpace space, string evaluator)
    {
        if (space == SearchSpaceRegistry.Nb201 || SpeaksNb201(space)) return;
        throw new ArgumentException(
            $"The {evaluator} evaluator looks architectures up in a NAS-Bench-201 table, so it needs the nb201 space, not '{space.Name}'. " +
            "Use --space nb201, --evaluator table --table FILE.csv for a table of your own, or --evaluator train to train each child.");
    }

    private static bool SpeaksNb201(ISearchSpace space)
    {
        var sample = SearchSpaceRegistry.Nb201.Sample(new Random(0)).Canonical;
        try
        {
            return space.Parse(sample).Canonical == sample && space.Tokenizer.Length == SearchSpaceRegistry.Nb201.Tokenizer.Length;
        }
        catch (Genotypes.ArchitectureFormatException)
        {
            return false;
        }
    }
}
