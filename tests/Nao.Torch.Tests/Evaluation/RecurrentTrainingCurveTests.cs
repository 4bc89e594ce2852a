using Nao.Tests;
using Nao.Evaluation;
using Nao.Networks.Recurrent;
using Nao.SearchSpaces;
using Nao.Torch.Tests.Data.Text;
using Nao.Training.Recurrent;

namespace Nao.Torch.Tests.Evaluation;

public sealed class RecurrentTrainingCurveTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public RecurrentTrainingCurveTests() => TorchTestSetup.Initialize();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_recurrent_evaluator_reports_minus_the_validation_loss_of_each_epoch_as_the_curve()
    {
        var corpus = TinyCorpus.Repeating(_folder, trainLines: 60);
        var evaluator = new RecurrentTrainingEvaluator(corpus, new RecurrentTrainingEvaluatorOptions
        {
            Model = new RecurrentModelOptions { Hidden = 8, InitRange = 0.3 },
            Trainer = new LanguageModelTrainerOptions { Epochs = 3, BatchSize = 4, EvalBatchSize = 2, Bptt = 8, LearningRate = 2, EvaluateTest = false },
        });
        var reported = new List<CurvePoint>();
        var context = new TrialContext { Index = 0, Round = 0, Genotype = PublishedArchitectures.Get("NAO-RNN").Genotype, Tokens = [], Fidelity = 2, ReportPoint = reported.Add };

        var result = await evaluator.EvaluateAsync(context, CancellationToken.None);

        Assert.True(result.IsOk, result.Error);
        Assert.Equal([1.0, 2.0], result.Curve.Select(p => p.Step));
        Assert.Equal(result.Curve.Select(p => (p.Step, p.Score)), reported.Select(p => (p.Step, p.Score)));
        Assert.Equal(result.Score, result.Curve.Max(p => p.Score), 12); // the score is the best epoch's
    }
}
