using Nao.Genotypes;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Networks.Nb201;

/// <summary>
/// A NAS-Bench-201 cell: node 0 is the input, nodes 1-3 are each the sum of their incoming edges (1←0; 2←0, 2←1;
/// 3←0, 3←1, 3←2, in <see cref="Nb201Genotype.Edges"/> order), and node 3 is the output. Zero edges are built (the
/// supernet and the module list stay aligned with the genotype) but skipped in the forward pass, because adding
/// zeros changes nothing; a node whose edges are all zero is zeros, and its outgoing edges still run on those zeros
/// (a ReLU-conv-BN of zeros is BN's shift, not zero, in the benchmark's network too). Input and output [N, C, H, W].
/// </summary>
public sealed class Nb201Cell : nn.Module<Tensor, Tensor>
{
    /// <summary>Source node of each edge, in genotype order.</summary>
    public static readonly int[] EdgeSources = [0, 0, 1, 0, 1, 2];

    /// <summary>Target node of each edge, in genotype order.</summary>
    public static readonly int[] EdgeTargets = [1, 2, 2, 3, 3, 3];

    private readonly nn.Module<Tensor, Tensor>[] edgeModules;
    private readonly bool[] zero;
    private readonly TorchSharp.Modules.ModuleList<nn.Module<Tensor, Tensor>> edges;

    /// <summary>Creates the cell of <paramref name="genotype"/> with <paramref name="channels"/> channels on every node.</summary>
    public Nb201Cell(Nb201Genotype genotype, long channels, bool batchStatistics = false) : base(nameof(Nb201Cell))
    {
        ArgumentNullException.ThrowIfNull(genotype);
        Genotype = genotype;
        edgeModules = [.. genotype.Edges.Select(op => Nb201Edges.Create(op, channels, batchStatistics))];
        zero = [.. genotype.Edges.Select(Nb201Edges.IsZero)];
        edges = new TorchSharp.Modules.ModuleList<nn.Module<Tensor, Tensor>>(edgeModules);
        RegisterComponents();
    }

    /// <summary>The cell's architecture.</summary>
    public Nb201Genotype Genotype { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var nodes = new Tensor?[4];
        nodes[0] = input;
        for (var edge = 0; edge < Nb201Genotype.EdgeCount; edge++)
        {
            var (from, to) = (EdgeSources[edge], EdgeTargets[edge]);
            if (zero[edge]) continue;
            var output = edgeModules[edge].call(nodes[from] ??= torch.zeros_like(input));
            // Identity returns its input: never add in place into a tensor another node still reads.
            nodes[to] = nodes[to] is { } sum ? sum.add(output) : output;
        }
        var result = nodes[3] ?? torch.zeros_like(input);
        // A lone skip edge 3←0 hands back the caller's own tensor, which this scope must not move.
        if (ReferenceEquals(result, input)) result = input.alias();
        return result.MoveToOuterDisposeScope();
    }
}
