using Nao.Evaluation;
using Nao.Networks;
using Nao.SearchSpaces;
using Nao.Tests.Training;
using Nao.Training;

namespace Nao.Tests.Evaluation;

[Collection(nameof(SerialTorch))]
public sealed class TrainingCurveTests
{
    private static readonly ConvEvaluatorOptions Quick = new()
    {
        Network = new CellNetworkOptions { Layers = 1, Filters = 4 },
        Trainer = new ConvTrainerOptions { Epochs = 3, BatchSize = 16, LearningRate = 0.05, Augmentation = TinyImages.Augmentation },
    };

    public TrainingCurveTests() => TorchTestSetup.Initialize();

    private static TrialContext Context(double? fidelity, Action<CurvePoint>? report) => new()
    {
        Index = 0, Round = 0, Genotype = PublishedArchitectures.Get("NAONet-WS").Genotype, Tokens = [], Fidelity = fidelity, ReportPoint = report,
    };

    [Fact]
    public async Task The_conv_evaluator_reports_and_returns_one_dev_accuracy_per_epoch_ending_at_the_score()
    {
        using var evaluator = new ConvTrainingEvaluator(Quick, TinyImages.Create(48, 1), TinyImages.Create(32, 2), TinyImages.Statistics);
        var reported = new List<CurvePoint>();

        var result = await evaluator.EvaluateAsync(Context(null, reported.Add), CancellationToken.None);

        Assert.True(result.IsOk, result.Error);
        Assert.Equal([1.0, 2.0, 3.0], result.Curve.Select(p => p.Step));
        Assert.Equal(result.Curve.Select(p => (p.Step, p.Score)), reported.Select(p => (p.Step, p.Score)));
        Assert.Equal(result.Score, result.Curve[^1].Score);
        Assert.True(result.Curve[0].Metrics.ContainsKey("train_loss"));
    }

    [Fact]
    public async Task A_fidelity_trains_that_many_epochs_and_cancelling_from_the_report_stops_the_training()
    {
        using var evaluator = new ConvTrainingEvaluator(Quick, TinyImages.Create(48, 1), TinyImages.Create(32, 2), TinyImages.Statistics);
        var low = await evaluator.EvaluateAsync(Context(1, null), CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var reported = new List<CurvePoint>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => evaluator.EvaluateAsync(Context(null, p =>
        {
            reported.Add(p);
            stop.Cancel();
        }), stop.Token));

        Assert.Equal(1, low.Metrics["epochs"]);
        Assert.Single(low.Curve);
        Assert.Single(reported);
    }
}
