using System.CommandLine;
using Nao.SearchSpaces;

namespace Nao.Cli.Commands;

/// <summary>
/// <c>nao params</c>: the parameter count of the network built from an architecture. Cell spaces (nasnet, enas)
/// are handled by <see cref="ConvParams"/>, nb201 by <see cref="Nb201Params"/>, the enas-rnn space by the recurrent side.
/// </summary>
public static class ParamsCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var architecture = new Argument<string>("NAME-OR-ARCH") { Description = "A published name (NAONet, NAONet-WS, ENAS, NAO-RNN, ENAS-RNN) or an architecture string." };
        var space = new Option<string?>("--space") { Description = "The search space (nasnet, enas, enas-rnn, nb201); inferred when omitted." };
        var layers = new Option<int>("--layers") { Description = "N: normal cells per stage (3N+2 cells in all); the paper's final networks use 6. nb201: cells per stage, default 5.", DefaultValueFactory = _ => 6 };
        var filters = new Option<int>("--filters") { Description = "F: channels per node in the first stage, doubled at each reduction. nb201: C, default 16.", DefaultValueFactory = _ => 36 };
        var classes = new Option<int>("--classes") { Description = "Number of classes.", DefaultValueFactory = _ => 10 };
        var inputChannels = new Option<int>("--input-channels") { Description = "Channels of the input images (3 for CIFAR, 1 for MNIST).", DefaultValueFactory = _ => 3 };
        var inputSize = new Option<int>("--input-size") { Description = "Side of the square input images, for the FLOPs count (32 for CIFAR).", DefaultValueFactory = _ => 32 };
        var vocab = new Option<int>("--vocab") { Description = "enas-rnn: vocabulary size.", DefaultValueFactory = _ => 10000 };
        var hidden = new Option<int>("--hidden") { Description = "enas-rnn: embedding and hidden size.", DefaultValueFactory = _ => 850 };
        var latency = new Option<int>("--latency") { Description = "nb201: also time the network R times at batch 1 and 64 (each the median of 9 forward passes after 3 warm-up, 1 torch thread) and print the median and the coefficient of variation over the R. 0: no timing.", DefaultValueFactory = _ => 0 };
        var command = new Command("params", "Print the number of trainable parameters of the network built from an architecture (auxiliary head excluded, as the paper counts; also shown with it) and its FLOPs (multiply-adds of one image, counted on the built network).")
        {
            architecture, space, layers, filters, classes, inputChannels, inputSize, vocab, hidden, latency,
        };
        command.SetAction((parse, ct) => console.RunAsync(() =>
        {
            var text = parse.GetValue(architecture)!;
            var reference = ArchitectureReference.Resolve(text, parse.GetValue(space));
            if (reference.Space == SearchSpaceRegistry.EnasRnn)
            {
                CommandOptions.RejectGiven(parse, reference.Space.Name, [layers, filters, classes, inputChannels, inputSize, latency]);
                return RunRecurrent(console, new RecurrentCommandOptions(text, parse.GetValue(vocab), parse.GetValue(hidden),
                    null, null, 0, null, null, null, false, 0));
            }
            CommandOptions.RejectGiven(parse, reference.Space.Name, reference.Space == SearchSpaceRegistry.Nb201 ? new Option[] { vocab, hidden } : new Option[] { vocab, hidden, latency });
            if (parse.GetValue(latency) < 0) throw new UsageException($"--latency must be 0 (no timing) or a number of repeats; got {parse.GetValue(latency)}.");
            if (reference.Space == SearchSpaceRegistry.Nb201)
            {
                // NAS-Bench-201's own shape unless given: N=5, C=16.
                return Nb201Params.Run(console, reference, new Networks.Nb201.Nb201NetworkOptions
                {
                    Cells = CommandOptions.WasGiven(parse, layers) ? parse.GetValue(layers) : 5,
                    Channels = CommandOptions.WasGiven(parse, filters) ? parse.GetValue(filters) : 16,
                    Classes = parse.GetValue(classes), InputChannels = parse.GetValue(inputChannels), InputSize = parse.GetValue(inputSize),
                }, parse.GetValue(latency));
            }
            return ConvParams.Run(console, reference, parse.GetValue(layers), parse.GetValue(filters), parse.GetValue(classes), parse.GetValue(inputChannels),
                parse.GetValue(inputSize));
        }, ct));
        return command;
    }

    /// <summary>
    /// The enas-rnn side of <c>params</c>. The recurrent trainer's branch replaces this body with
    /// <c>return RecurrentParams.Run(console, options);</c> (an <c>int</c> exit code).
    /// </summary>
    private static int RunRecurrent(CliConsole console, RecurrentCommandOptions options) =>
        RecurrentParams.Run(console, options);
}
