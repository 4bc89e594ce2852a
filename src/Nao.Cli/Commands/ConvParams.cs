using Nao.Genotypes;
using Nao.Networks;
using Nao.Networks.Costs;
using Nao.SearchSpaces;
using Nao.Torch;

namespace Nao.Cli.Commands;

/// <summary>The cell-space (nasnet, enas) side of <c>nao params</c>: builds the network and counts its parameters.</summary>
internal static class ConvParams
{
    /// <summary>Prints the count; returns the exit code.</summary>
    public static int Run(CliConsole console, ArchitectureReference reference, int layers, int filters, int classes, int inputChannels, int inputSize = 32)
    {
        if (reference.Genotype is not ConvGenotype genotype)
        {
            throw new UsageException($"nao params builds networks of the nasnet, enas, enas-rnn and nb201 spaces; '{reference.Space.Name}' architectures have no network here. Use --space nasnet, enas or nb201.");
        }
        CommandOptions.Require(layers >= 1, $"--layers must be at least 1 (got {layers}).");
        CommandOptions.Require(filters >= 1, $"--filters must be at least 1 (got {filters}).");
        CommandOptions.Require(classes >= 2, $"--classes must be at least 2 (got {classes}).");
        CommandOptions.Require(inputChannels >= 1, $"--input-channels must be at least 1 (got {inputChannels}).");
        // Two reductions with stride 2 need at least 4 pixels a side.
        CommandOptions.Require(inputSize >= 4, $"--input-size must be at least 4 (got {inputSize}).");
        TorchRuntime.Initialize();
        var options = new CellNetworkOptions
        {
            Layers = layers, Filters = filters, Classes = classes, InputChannels = inputChannels, AuxiliaryHead = true,
        };
        using var network = new CellNetwork(genotype, options);
        var without = network.ParameterCount();
        var with = network.ParameterCount(includeAuxiliaryHead: true);
        var name = reference.PublishedName is null ? "" : $"{reference.PublishedName} ";
        console.Out.WriteLine($"architecture: {name}({reference.Space.Name})");
        console.Out.WriteLine($"network:      N={layers} ({options.TotalCells} cells), F={filters}, {inputChannels} input channel(s), {classes} classes");
        console.Out.WriteLine($"parameters:   {CommandOptions.FormatCount(without)}");
        console.Out.WriteLine($"with aux head: {CommandOptions.FormatCount(with)} (the paper, like NAO's code, counts without it)");
        // Counted in evaluation mode, where the auxiliary head does not run: the FLOPs of inference.
        var cost = CostCounter.Count(network, [1, inputChannels, inputSize, inputSize]);
        console.Out.WriteLine($"FLOPs:        {CommandOptions.FormatCount(cost.MultiplyAdds)} multiply-adds per {inputSize}×{inputSize} image (conv and linear layers)");
        return ExitCodes.Success;
    }
}
