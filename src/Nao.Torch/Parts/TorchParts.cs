using Nao.Search;
using Nao.SearchSpaces;

namespace Nao.Parts;

/// <summary>
/// The parts Nao.Torch adds to a search's registry: the NAO controller (for any space, built-in or from a file), the
/// child trainers of the cell and recurrent spaces, and their supernets. One call wires them all.
/// </summary>
public static class TorchParts
{
    /// <summary><paramref name="parts"/> with every Torch part added.</summary>
    public static SearchParts Register(SearchParts parts)
    {
        var conv = new ConvTrainerPart();
        return parts
            .WithOptimizer(new ControllerPart())
            .WithTrainer(SearchSpaceRegistry.Nasnet.Name, conv)
            .WithTrainer(SearchSpaceRegistry.Enas.Name, conv)
            .WithTrainer(SearchSpaceRegistry.EnasRnn.Name, new RecurrentTrainerPart())
            .WithSupernet(SearchSpaceRegistry.Enas.Name, new ConvSupernetPart())
            .WithSupernet(SearchSpaceRegistry.EnasRnn.Name, new RecurrentSupernetPart())
            .WithCostModels(Costs.TorchCostModels.For);
    }

    /// <summary>Core's parts with every Torch part: what <c>nao search</c> runs with.</summary>
    public static SearchParts All { get; } = Register(SearchParts.Core);
}
