using System.CommandLine;

namespace Nao.Cli.Commands;

/// <summary>The arguments and options of <c>nao train</c>: shared ones, cell-network ones and recurrent ones.</summary>
internal sealed class TrainOptions
{
    public Argument<string> Architecture { get; } = new("NAME-OR-ARCH") { Description = "A published name (NAONet, NAONet-WS, ENAS, NAO-RNN, ENAS-RNN) or an architecture string." };
    public Option<string?> Space { get; } = new("--space") { Description = "The search space (nasnet, enas, enas-rnn); inferred when omitted." };
    public Option<string?> Dataset { get; } = new("--dataset") { Description = "cifar10, cifar100, fashion-mnist, mnist or folder (cell spaces; folder: ROOT/CLASS/*.png|jpg, or ROOT/train/, dev/ or val/, test/); ptb or wikitext2 (enas-rnn)." };
    public Option<string?> Data { get; } = new("--data") { Description = "The data folder (or CIFAR's .tar.gz); default $NAO_DATA/<dataset folder> (cifar-10, cifar-100, fashion-mnist, mnist, folder)." };
    public Option<int> Epochs { get; } = new("--epochs") { Description = "Epochs to train.", DefaultValueFactory = _ => 25 };
    public Option<int?> Batch { get; } = new("--batch") { Description = "Mini-batch size (default 128 for cell networks; 20 for enas-rnn, AWD-LSTM's PTB batch: short trainings need the updates)." };
    public Option<string?> Checkpoint { get; } = new("--checkpoint") { Description = "Folder for a checkpoint after every epoch; a run given a folder with a checkpoint resumes it." };
    public Option<bool> Json { get; } = new("--json") { Description = "Print the result as JSON." };
    public Option<int> Seed { get; } = new("--seed") { Description = "Random seed (data order, augmentation, initialization).", DefaultValueFactory = _ => 0 };

    public Option<int> Layers { get; } = new("--layers") { Description = "N: normal cells per stage (3N+2 cells in all).", DefaultValueFactory = _ => 3 };
    public Option<int> Filters { get; } = new("--filters") { Description = "F: channels per node in the first stage, doubled at each reduction.", DefaultValueFactory = _ => 32 };
    public Option<int?> LimitTrain { get; } = new("--limit-train") { Description = "Train on the first K training images only (after the dev split is held out)." };
    public Option<int?> LimitValid { get; } = new("--limit-valid") { Description = "nb201: validate on the first K images of the validation half only." };
    public Option<int> DevSize { get; } = new("--dev-size") { Description = "Training images held out at the end as the dev set (the paper holds out 5,000); an image folder's dev/ or val/ folder takes its place.", DefaultValueFactory = _ => 5000 };
    public Option<bool> Cutout { get; } = new("--cutout") { Description = "Cut out a 16×16 square of every training image (the paper's final setting)." };
    public Option<bool> Aux { get; } = new("--aux") { Description = "Add the auxiliary head after the second reduction cell (loss weight 0.4)." };
    public Option<double> LearningRate { get; } = new("--lr") { Description = "Initial learning rate of the cosine schedule.", DefaultValueFactory = _ => 0.024 };
    public Option<double> WeightDecay { get; } = new("--weight-decay") { Description = "L2 weight decay.", DefaultValueFactory = _ => 5e-4 };
    public Option<double> DropPath { get; } = new("--drop-path") { Description = "Drop-path keep probability of the last cell at the end of training; 1 is off (NAO's final networks use 0.8 with 0.6 dropout keep).", DefaultValueFactory = _ => 1.0 };
    public Option<double> DropoutKeep { get; } = new("--dropout-keep") { Description = "Keep probability of the dropout before the classifier; 1 is off.", DefaultValueFactory = _ => 1.0 };
    public Option<double> LabelSmoothing { get; } = new("--label-smoothing") { Description = "Label smoothing of the loss; 0 is off.", DefaultValueFactory = _ => 0.0 };
    public Option<bool> Nesterov { get; } = new("--nesterov") { Description = "Use Nesterov momentum." };
    public Option<int?> ImageSize { get; } = new("--image-size") { Description = "--dataset folder: resize the shorter side to S and crop the centre S×S (default: the images' own size, which must be one for all)." };
    public Option<int?> Channels { get; } = new("--channels") { Description = "--dataset folder: 3 reads RGB, 1 grey (default 3)." };
    public Option<int?> Threads { get; } = new("--threads") { Description = "Threads for torch (default: torch's choice, usually the number of cores)." };

    public Option<int> Vocab { get; } = new("--vocab") { Description = "enas-rnn: vocabulary size.", DefaultValueFactory = _ => 10000 };
    public Option<int> Hidden { get; } = new("--hidden") { Description = "enas-rnn: embedding and hidden size.", DefaultValueFactory = _ => 850 };
    public Option<long?> LimitTokens { get; } = new("--limit-tokens") { Description = "enas-rnn: train on the first K tokens only." };

    public TrainOptions()
    {
        // The ranges ConvTraining and RecurrentTraining check (those of both sides), so "--epochs x" is told it needs "a whole number ≥ 1".
        OptionRanges.AtLeast(0, DevSize, WeightDecay, LabelSmoothing);
        OptionRanges.AtLeast(1, Epochs, Layers, Filters, Threads, Hidden, LimitTokens, Batch, ImageSize, Channels, LimitValid);
        OptionRanges.AtLeast(2, LimitTrain);
    }

    /// <summary>Options that only cell networks use.</summary>
    public IReadOnlyList<Option> ConvOnly =>
        [LimitValid, Layers, Filters, LimitTrain, DevSize, Cutout, Aux, LearningRate, WeightDecay, DropPath, DropoutKeep, LabelSmoothing, Nesterov, Threads,
         ImageSize, Channels];

    /// <summary>Options that only the recurrent side uses.</summary>
    public IReadOnlyList<Option> RecurrentOnly => [Vocab, Hidden, LimitTokens];

    /// <summary>Every option, in help order.</summary>
    public IReadOnlyList<Option> All =>
        [Space, Dataset, Data, ImageSize, Channels, Layers, Filters, Epochs, LimitTrain, LimitValid, DevSize, Batch, Cutout, Aux, LearningRate, WeightDecay,
         DropPath, DropoutKeep, LabelSmoothing, Nesterov, Seed, Threads, Checkpoint, Json, Vocab, Hidden, LimitTokens];

    /// <summary>The values for a cell network.</summary>
    public ConvTrainingRequest Read(ParseResult parse) => new(
        parse.GetValue(Dataset), parse.GetValue(Data), parse.GetValue(Layers), parse.GetValue(Filters), parse.GetValue(Epochs),
        parse.GetValue(LimitTrain), parse.GetValue(DevSize), parse.GetValue(Batch) ?? 128, parse.GetValue(Cutout), parse.GetValue(Aux),
        parse.GetValue(LearningRate), parse.GetValue(WeightDecay), parse.GetValue(DropPath), parse.GetValue(DropoutKeep),
        parse.GetValue(LabelSmoothing), parse.GetValue(Nesterov), parse.GetValue(Seed), parse.GetValue(Threads), parse.GetValue(Checkpoint),
        parse.GetValue(Json), parse.GetValue(ImageSize), parse.GetValue(Channels));
}
