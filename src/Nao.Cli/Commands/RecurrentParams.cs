using System.Globalization;
using System.Text.Json;
using Nao.Genotypes;
using Nao.Networks.Recurrent;
using Nao.SearchSpaces;
using Nao.Torch;

namespace Nao.Cli.Commands;

/// <summary><c>nao params NAME-OR-ARCH --space enas-rnn --vocab V --hidden H</c>: the parameter count of a recurrent language model.</summary>
public static class RecurrentParams
{
    /// <summary>Builds the model and prints its parameter count with a breakdown; returns the exit code.</summary>
    public static int Run(CliConsole console, RecurrentCommandOptions options)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(options);
        return console.RunAsync(() => Count(console, options), CancellationToken.None).GetAwaiter().GetResult();
    }

    private static int Count(CliConsole console, RecurrentCommandOptions options)
    {
        var reference = ArchitectureReference.Resolve(options.Architecture, SearchSpaceRegistry.EnasRnn.Name);
        if (options.Vocab < 2) throw new UsageException($"--vocab must be at least 2 (got {options.Vocab}); PTB has 10000 words, WikiText-2 33278.");
        if (options.Hidden < 1) throw new UsageException($"--hidden must be at least 1 (got {options.Hidden}); the paper's PTB model uses 850.");
        TorchRuntime.Initialize();
        var genotype = (RecurrentGenotype)reference.Genotype;
        using var model = new RecurrentLanguageModel(genotype, new RecurrentModelOptions { Vocabulary = options.Vocab, Hidden = options.Hidden }, options.Seed);
        var sizes = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.numel());
        long embedding = sizes["embedding"], bias = sizes["decoder_bias"];
        long mixing = sizes["cell.input_weight"] + sizes["cell.hidden_weight"];
        long nodes = sizes.Where(p => p.Key.StartsWith("cell.node_weights.", StringComparison.Ordinal)).Sum(p => p.Value);
        var total = model.ParameterCount;
        var name = reference.PublishedName ?? genotype.Canonical;
        if (options.Json)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                architecture = name,
                canonical = genotype.Canonical,
                space = reference.Space.Name,
                vocabulary = options.Vocab,
                hidden = options.Hidden,
                parameters = total,
                embedding_tied_softmax = embedding,
                softmax_bias = bias,
                cell_w0 = mixing,
                cell_nodes = nodes,
            }));
            return ExitCodes.Success;
        }
        var c = CultureInfo.InvariantCulture;
        long h = options.Hidden;
        console.Out.WriteLine($"{name} ({reference.Space.Name}), vocabulary {options.Vocab.ToString("N0", c)}, embedding = hidden = {h.ToString("N0", c)}");
        console.Out.WriteLine($"  embedding (tied with the softmax)  {options.Vocab} x {h}".PadRight(48) + embedding.ToString("N0", c).PadLeft(14));
        console.Out.WriteLine("  softmax bias".PadRight(48) + bias.ToString("N0", c).PadLeft(14));
        console.Out.WriteLine($"  cell W0  {2 * h} x {2 * h}".PadRight(48) + mixing.ToString("N0", c).PadLeft(14));
        console.Out.WriteLine($"  cell nodes  {genotype.Nodes.Length} x {h} x {2 * h}".PadRight(48) + nodes.ToString("N0", c).PadLeft(14));
        console.Out.WriteLine($"parameters: {total.ToString("N0", c)} ({(total / 1e6).ToString("0.0", c)}M)");
        return ExitCodes.Success;
    }
}
