using System.Numerics;
using Nao.Tokenization;
using Nao.Genotypes;

namespace Nao.SearchSpaces;

/// <summary>The registry of search spaces (DESIGN.md section 2). Look spaces up by name; never by reflection.</summary>
public static class SearchSpaceRegistry
{
    /// <summary>Nodes per convolutional cell (B) in the paper's spaces.</summary>
    public const int CellNodes = 5;

    /// <summary>Searched nodes of the recurrent cell (B = 12 counting node 0).</summary>
    public const int RecurrentSearchedNodes = 11;

    /// <summary>The paper's 11-op convolutional space, searched without weight sharing.</summary>
    public static ISearchSpace Nasnet { get; } = CellSpace("nasnet",
        "NASNet-style conv cells (normal + reduction), B=5, 11 ops; the NAO paper's space without weight sharing",
        [CellOperation.Identity, CellOperation.Conv1x1, CellOperation.Conv3x3, CellOperation.Conv1x3And3x1, CellOperation.Conv1x7And7x1,
         CellOperation.MaxPool2x2, CellOperation.MaxPool3x3, CellOperation.MaxPool5x5, CellOperation.AvgPool2x2, CellOperation.AvgPool3x3, CellOperation.AvgPool5x5]);

    /// <summary>The 5-op convolutional space of ENAS and NAO-WS.</summary>
    public static ISearchSpace Enas { get; } = CellSpace("enas",
        "ENAS conv cells (normal + reduction), B=5, 5 ops; the NAO-WS weight-sharing space",
        [CellOperation.SepConv3x3, CellOperation.SepConv5x5, CellOperation.AvgPool3x3, CellOperation.MaxPool3x3, CellOperation.Identity]);

    /// <summary>The recurrent cell space of ENAS and NAO.</summary>
    public static ISearchSpace EnasRnn { get; } = new SearchSpace("enas-rnn",
        "ENAS recurrent cell: node 0 mixes x_t and h_{t-1}, 11 searched nodes, each one predecessor and one of 4 activations",
        Enumerable.Range(1, RecurrentSearchedNodes).Aggregate(BigInteger.One, (acc, i) => acc * i * 4),
        [.. Enum.GetValues<RecurrentActivation>().Select(a => a.Name())],
        new RecurrentTokenizer(RecurrentSearchedNodes), RecurrentGenotype.Parse);

    /// <summary>NAS-Bench-201's cell: 6 edges, 5 ops, 15,625 architectures.</summary>
    public static ISearchSpace Nb201 { get; } = new SearchSpace("nb201",
        "NAS-Bench-201 cell: 4 nodes, 6 edges, 5 ops per edge; every architecture has a tabulated accuracy",
        BigInteger.Pow(5, Nb201Genotype.EdgeCount), Nb201OperationNames.All, new Nb201Tokenizer(), Nb201Genotype.Parse);

    /// <summary>All spaces, in the order <c>nao spaces</c> lists them.</summary>
    public static IReadOnlyList<ISearchSpace> All { get; } = [Nasnet, Enas, EnasRnn, Nb201];

    /// <summary>The space of that name (case-insensitive).</summary>
    /// <exception cref="UnknownNameException">No such space; the message lists the valid names.</exception>
    public static ISearchSpace Get(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new UnknownNameException("search space", name ?? "", All.Select(s => s.Name));

    /// <summary>
    /// Guesses the space of an architecture string from its shape: NB201's <c>|op~i|</c> form, the recurrent
    /// <c>pred:act</c> form, or a two-cell form (nasnet when its ops fit, else enas).
    /// </summary>
    public static ISearchSpace Infer(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('|')) return Nb201;
        if (trimmed.Contains('(')) return FitsSpace(Nasnet, trimmed) || !FitsSpace(Enas, trimmed) ? Nasnet : Enas;
        return EnasRnn;
    }

    private static bool FitsSpace(ISearchSpace space, string text)
    {
        try
        {
            space.Parse(text);
            return true;
        }
        catch (ArchitectureFormatException)
        {
            return false;
        }
    }

    private static SearchSpace CellSpace(string name, string description, CellOperation[] operations)
    {
        // A node chooses an unordered pair of (input, op) branches: n(n+1)/2 options with n = inputs × ops.
        var perCell = Enumerable.Range(0, CellNodes)
            .Select(k => new BigInteger((k + 2) * operations.Length))
            .Aggregate(BigInteger.One, (acc, n) => acc * n * (n + 1) / 2);
        return new SearchSpace(name, description, perCell * perCell, [.. operations.Select(o => o.Name())],
            new CellTokenizer(CellNodes, operations), ConvGenotype.Parse);
    }
}
