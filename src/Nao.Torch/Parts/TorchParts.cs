using Nao.Search;
using Nao.SearchSpaces;

namespace Nao.Parts;

/// <summary>
/// The parts Nao.Torch adds to a search's registry: the NAO controller and BANANAS' MLP ensemble (for any space,
/// built-in or from a file), the child trainers of the cell, recurrent and nb201 spaces, and their supernets. One call
/// wires them all.
/// </summary>
public static class TorchParts
{
    /// <summary><paramref name="parts"/> with every Torch part added.</summary>
    public static SearchParts Register(SearchParts parts)
    {
        var conv = new ConvTrainerPart();
        return parts
            .WithOptimizer(new ControllerPart())
            .WithEnsemble(new EnsemblePart())
            .WithTrainer(SearchSpaceRegistry.Nasnet.Name, conv)
            .WithTrainer(SearchSpaceRegistry.Enas.Name, conv)
            .WithTrainer(SearchSpaceRegistry.EnasRnn.Name, new RecurrentTrainerPart())
            .WithTrainer(SearchSpaceRegistry.Nb201.Name, new Nb201TrainerPart())
            .WithSupernet(SearchSpaceRegistry.Enas.Name, new ConvSupernetPart())
            .WithSupernet(SearchSpaceRegistry.EnasRnn.Name, new RecurrentSupernetPart())
            .WithSupernet(SearchSpaceRegistry.Nb201.Name, new Nb201SupernetPart())
            .WithCostModels(Costs.TorchCostModels.For);
    }

    /// <summary>Core's parts with every Torch part: what <c>nao search</c> runs with.</summary>
    public static SearchParts All { get; } = Register(SearchParts.Core);
}
