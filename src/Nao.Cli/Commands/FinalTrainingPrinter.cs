using System.Globalization;
using Nao.WeightSharing;

namespace Nao.Cli.Commands;

/// <summary>A line on stderr for each architecture the final retraining of a weight-sharing search finishes.</summary>
internal sealed class FinalTrainingPrinter(TextWriter error) : IProgress<StandaloneResult>
{
    public void Report(StandaloneResult value)
    {
        var score = value.Status == Nao.Experiments.TrialStatus.Ok ? value.Score.ToString("0.####", CultureInfo.InvariantCulture) : $"failed ({value.Error})";
        error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"final training | {value.Role} {value.Rank} | shared-weight {value.SharedScore:0.####} | stand-alone {score} | {value.Seconds:0.0} s | {value.Genotype.Canonical}"));
    }
}
