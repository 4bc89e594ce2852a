using System.Globalization;
using Nao.WeightSharing;

namespace Nao.Cli.Commands;

/// <summary>A line on stderr for each supernet epoch of a weight-sharing search.</summary>
internal sealed class SupernetProgressPrinter(TextWriter error) : IProgress<SupernetEpochReport>
{
    public void Report(SupernetEpochReport value) => error.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"supernet epoch {value.Epoch,3} | loss {value.Loss:0.0000} | training metric {value.Metric:0.####} | {value.Batches} mini-batches | {value.Duration.TotalSeconds:0.0} s"));
}
