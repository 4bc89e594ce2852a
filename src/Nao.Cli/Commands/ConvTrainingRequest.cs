namespace Nao.Cli.Commands;

/// <summary>The values of <c>nao train</c> for a cell network, as typed (validated by <see cref="ConvTraining"/>).</summary>
internal sealed record ConvTrainingRequest(string? Dataset, string? DataPath, int Layers, int Filters, int Epochs, int? LimitTrain,
    int DevSize, int Batch, bool Cutout, bool Aux, double LearningRate, double WeightDecay, double DropPathKeep, double DropoutKeep,
    double LabelSmoothing, bool Nesterov, int Seed, int? Threads, string? CheckpointDir, bool Json, int? ImageSize = null, int? Channels = null);
