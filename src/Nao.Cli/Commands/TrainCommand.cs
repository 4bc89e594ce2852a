using System.CommandLine;
using Nao.SearchSpaces;

namespace Nao.Cli.Commands;

/// <summary>
/// <c>nao train</c>: trains the network built from an architecture and prints dev and test accuracy. Cell spaces
/// (nasnet, enas) are handled by <see cref="ConvTraining"/>, nb201 by <see cref="Nb201TrainingCommand"/>; the enas-rnn space by the recurrent side.
/// </summary>
public static class TrainCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var o = new TrainOptions();
        var command = new Command("train", "Train the network built from an architecture and print its dev and test accuracy. " +
            "Defaults are the paper's search setting for a child (N=3, F=32, 25 epochs, batch 128, cosine SGD from 0.024); its final networks use N=6, F=36, 600 epochs, --cutout --aux. " +
            "nb201: NAS-Bench-201's protocol (N=5, C=16 via --layers/--filters, 200 epochs, batch 256, Nesterov SGD from 0.1, cosine, on one half of the training images, validated on the other; --limit-train/--limit-valid take subsets; --dataset defaults to cifar10).");
        command.Add(o.Architecture);
        foreach (var option in o.All) command.Add(option);
        command.SetAction((parse, ct) => console.RunAsync(async token =>
        {
            var text = parse.GetValue(o.Architecture)!;
            var reference = ArchitectureReference.Resolve(text, parse.GetValue(o.Space));
            if (reference.Space == SearchSpaceRegistry.EnasRnn)
            {
                CommandOptions.RejectGiven(parse, reference.Space.Name, o.ConvOnly);
                var recurrent = new RecurrentCommandOptions(text, parse.GetValue(o.Vocab), parse.GetValue(o.Hidden), parse.GetValue(o.Dataset),
                    parse.GetValue(o.Data), parse.GetValue(o.Epochs), parse.GetValue(o.LimitTokens), parse.GetValue(o.Batch),
                    parse.GetValue(o.Checkpoint), parse.GetValue(o.Json), parse.GetValue(o.Seed));
                return await RunRecurrentAsync(console, recurrent, token);
            }
            CommandOptions.RejectGiven(parse, reference.Space.Name, o.RecurrentOnly);
            if (reference.Genotype is Genotypes.Nb201Genotype nb201)
            {
                CommandOptions.RejectGiven(parse, reference.Space.Name, Nb201TrainingCommand.NotApplicable(o));
                return await Nb201TrainingCommand.RunAsync(console, nb201, parse, o, token);
            }
            CommandOptions.RejectGiven(parse, reference.Space.Name, [o.LimitValid]);
            return await ConvTraining.RunAsync(console, reference, o.Read(parse), token);
        }, ct));
        return command;
    }

    /// <summary>
    /// The enas-rnn side of <c>train</c>. The recurrent trainer's branch replaces this body with
    /// <c>return RecurrentTraining.RunAsync(console, options, cancellationToken);</c> (a <c>Task&lt;int&gt;</c> exit code).
    /// </summary>
    private static Task<int> RunRecurrentAsync(CliConsole console, RecurrentCommandOptions options, CancellationToken cancellationToken) =>
        RecurrentTraining.RunAsync(console, options, cancellationToken);
}
