using Nao.Genotypes;
using Nao.Networks;
using Nao.SearchSpaces;
using Nao.Torch;

namespace Nao.Cli.Commands;

/// <summary>The cell-space (nasnet, enas) side of <c>nao params</c>: builds the network and counts its parameters.</summary>
internal static class ConvParams
{
    /// <summary>Prints the count; returns the exit code.</summary>
    public static int Run(CliConsole console, ArchitectureReference reference, int layers, int filters, int classes, int inputChannels)
    {
        if (reference.Genotype is not ConvGenotype genotype)
        {
            throw new UsageException($"nao params builds networks of the nasnet, enas and enas-rnn spaces; '{reference.Space.Name}' architectures have no network here. Use --space nasnet or enas.");
        }
        CommandOptions.Require(layers >= 1, $"--layers must be at least 1 (got {layers}).");
        CommandOptions.Require(filters >= 1, $"--filters must be at least 1 (got {filters}).");
        CommandOptions.Require(classes >= 2, $"--classes must be at least 2 (got {classes}).");
        CommandOptions.Require(inputChannels >= 1, $"--input-channels must be at least 1 (got {inputChannels}).");
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
        return ExitCodes.Success;
    }
}
