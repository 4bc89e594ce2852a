using System.Globalization;
using Nao.Costs;
using Nao.Genotypes;
using Nao.Networks.Costs;
using Nao.Networks.Nb201;
using Nao.SearchSpaces;
using Nao.Torch;

namespace Nao.Cli.Commands;

/// <summary>The nb201 side of <c>nao params</c>: builds the NAS-Bench-201 network and counts its parameters and FLOPs.</summary>
internal static class Nb201Params
{
    /// <summary>Prints the counts; returns the exit code.</summary>
    public static int Run(CliConsole console, ArchitectureReference reference, Nb201NetworkOptions options, int latencyRepeats = 0)
    {
        var genotype = (Nb201Genotype)reference.Genotype;
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        TorchRuntime.Initialize();
        using var network = new Nb201Network(genotype, options);
        var cost = CostCounter.Count(network, options.InputShape);
        console.Out.WriteLine($"architecture: {genotype.Canonical} ({reference.Space.Name})");
        console.Out.WriteLine($"network:      N={options.Cells} ({3 * options.Cells} cells, 2 residual blocks), C={options.Channels}, {options.InputChannels}×{options.InputSize}×{options.InputSize} input, {options.Classes} classes");
        console.Out.WriteLine($"parameters:   {CommandOptions.FormatCount(cost.Parameters)}; NAS-Bench-201's params (MB): {cost.MegaParameters.ToString("0.######", CultureInfo.InvariantCulture)}");
        console.Out.WriteLine($"FLOPs:        {CommandOptions.FormatCount(cost.MultiplyAdds)} multiply-adds per image (conv and linear, as NAS-Bench-201 counts); FLOPs (M): {cost.MegaMultiplyAdds.ToString("0.#####", CultureInfo.InvariantCulture)}");
        if (latencyRepeats > 0) PrintLatency(console, network, options, latencyRepeats);
        return ExitCodes.Success;
    }

    // Repeats the search's latency measurement (LatencyCostModel's settings) to show how stable it is on this machine.
    private static void PrintLatency(CliConsole console, Nb201Network network, Nb201NetworkOptions options, int repeats)
    {
        var latency = new LatencyOptions();
        console.Out.WriteLine($"latency:      {LatencyCostModel.Describe(latency)}; {repeats} repeats; load average {LoadAverage()}");
        foreach (var batch in new[] { 1, 64 })
        {
            long[] shape = [batch, options.InputChannels, options.InputSize, options.InputSize];
            var values = Enumerable.Range(0, repeats).Select(_ => LatencyMeter.MedianMilliseconds(network, shape, latency)).ToArray();
            var mean = values.Average();
            var sd = values.Length > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1)) : 0;
            var median = values.Order().ElementAt(values.Length / 2);
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  batch {batch,2}:   median {median:0.###} ms, mean {mean:0.###} ms, min {values.Min():0.###}, max {values.Max():0.###}, coefficient of variation {100 * sd / mean:0.0}%"));
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
