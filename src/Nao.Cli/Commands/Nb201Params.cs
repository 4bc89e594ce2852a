using System.Globalization;
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
    public static int Run(CliConsole console, ArchitectureReference reference, Nb201NetworkOptions options)
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
        return ExitCodes.Success;
    }
}
