namespace Nao.SearchSpaces;

/// <summary>
/// Published architectures by name (DESIGN.md section 5). DARTS's cells are not here: they have 4 nodes and
/// concatenate every node, so they fit neither the B=5 loose-end cell spaces nor the 11-node recurrent space.
/// </summary>
public static class PublishedArchitectures
{
    /// <summary>All published architectures.</summary>
    public static IReadOnlyList<PublishedArchitecture> All { get; } =
    [
        Make("NAONet", SearchSpaceRegistry.Nasnet,
            "normal: (0,conv3x3)+(1,avg5x5) (2,conv1x3+3x1)+(1,conv3x3) (0,conv1x1)+(1,conv3x3) (0,conv1x3+3x1)+(4,conv3x3) (1,identity)+(0,conv3x3)"
            + " | reduction: (0,conv3x3)+(1,avg2x2) (0,conv1x1)+(0,avg3x3) (0,conv1x7+7x1)+(1,max2x2) (0,avg3x3)+(2,conv1x1) (1,max3x3)+(0,conv3x3)",
            "Luo et al. 2018, NAO's best CIFAR-10 cell (2.48% error with cutout at N=6, F=128; 1.93% with AutoAugment)"),
        Make("NAONet-WS", SearchSpaceRegistry.Enas,
            "normal: (0,sep5)+(0,identity) (2,avg3)+(1,max3) (1,sep3)+(2,sep3) (2,max3)+(1,max3) (1,avg3)+(0,identity)"
            + " | reduction: (1,sep5)+(0,max3) (2,max3)+(2,max3) (1,sep3)+(0,sep5) (0,identity)+(2,identity) (2,max3)+(2,max3)",
            "Luo et al. 2018, NAO with weight sharing on CIFAR-10 (3.53% error)"),
        Make("NAO-RNN", SearchSpaceRegistry.EnasRnn,
            "0:relu 0:relu 1:relu 3:tanh 4:relu 4:relu 5:relu 1:relu 7:relu 1:relu 1:identity",
            "Luo et al. 2018, NAO's Penn Treebank cell (56.0 test perplexity)"),
        Make("ENAS", SearchSpaceRegistry.Enas,
            "normal: (0,avg3)+(0,sep3) (0,identity)+(0,sep5) (0,identity)+(1,sep5) (1,sep3)+(0,sep5) (0,avg3)+(1,sep5)"
            + " | reduction: (1,sep3)+(1,sep3) (0,max3)+(0,avg3) (1,sep5)+(3,sep5) (1,sep3)+(0,identity) (0,max3)+(1,sep5)",
            "Pham et al. 2018, ENAS micro CIFAR-10 cell (2.89% error), from the authors' cifar10_micro_final.sh fixed_arc"),
        Make("ENAS-RNN", SearchSpaceRegistry.EnasRnn,
            "0:tanh 1:relu 2:relu 2:tanh 2:tanh 5:relu 1:tanh 6:relu 8:relu 8:relu 8:relu",
            "Pham et al. 2018, ENAS Penn Treebank cell (55.8 test perplexity), from the authors' ptb_final.sh fixed_arc; node 0 uses tanh as in this space"),
    ];

    /// <summary>Looks a published architecture up by name (case-insensitive); null if unknown.</summary>
    public static PublishedArchitecture? Find(string name) =>
        All.FirstOrDefault(a => string.Equals(a.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The published architecture of that name.</summary>
    /// <exception cref="UnknownNameException">No such name; the message lists the valid names.</exception>
    public static PublishedArchitecture Get(string name) =>
        Find(name) ?? throw new UnknownNameException("published architecture", name, All.Select(a => a.Name));

    private static PublishedArchitecture Make(string name, ISearchSpace space, string text, string source) =>
        new(name, space, space.Parse(text), source);
}
