using System.Diagnostics;
using System.Globalization;
using Nao.Operations;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Bench;

/// <summary>
/// The <c>--ops</c> mode of <c>cnn-step</c>: process CPU time of forward + backward of single ops of the NAONet
/// network on a fresh channels-last input, in Nao (libtorch 2.10 through TorchSharp) and in PyTorch
/// (bench/reference/cnn_ops.py), to see which kernels make the difference. CPU time, not wall time, because the
/// machine is shared.
/// </summary>
internal static class CnnOpTimings
{
    public static void Run(int threads, int iterations)
    {
        Nao.Torch.TorchRuntime.Initialize(threads);
        torch.manual_seed(0);
        Func<Tensor> Cl(int c, int h) => () => torch.randn(64, c, h, h).permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
        using var conv3 = nn.Conv2d(16, 16, 3, padding: 1, bias: false);
        using var conv1 = nn.Conv2d(48, 16, 1, bias: false);
        using var conv17 = nn.Conv2d(32, 32, (1L, 7L), (1L, 2L), (0L, 3L), bias: false);
        using var conv1s2 = nn.Conv2d(32, 32, 1, stride: 2, bias: false);
        using var conv1sub = nn.Conv2d(32, 32, 1, bias: false);
        using var conv3s2 = nn.Conv2d(32, 32, 3, stride: 2, padding: 1, bias: false);
        using var bn = nn.BatchNorm2d(16);
        using var avg5 = new CellPool(PoolKind.Average, 5, 1);
        var cases = new (string Name, Func<Tensor> Make, Func<Tensor, Tensor> Op)[]
        {
            ("input only", Cl(16, 32), x => x.mul(1.0)),
            ("conv3x3 16ch 32x32", Cl(16, 32), x => conv3.call(x)),
            ("conv1x1 48->16ch 32x32", Cl(48, 32), x => conv1.call(x)),
            ("conv1x1 stride2 32ch 32x32", Cl(32, 32), x => conv1s2.call(x)),
            ("conv1x1 stride2 Nao (subsample) 32ch", Cl(32, 32), x =>
            {
                using var sampled = StridedPointwise.Subsample(x, 2, 2);
                return conv1sub.call(sampled);
            }),
            ("conv3x3 stride2 32ch 32x32", Cl(32, 32), x => conv3s2.call(x)),
            ("conv1x7 stride(1,2) 32ch 16x16", Cl(32, 16), x => conv17.call(x)),
            ("batchnorm 16ch 32x32", Cl(16, 32), x => bn.call(x)),
            ("relu 16ch 32x32", Cl(16, 32), x => nn.functional.relu(x)),
            ("avgpool5 direct 16ch 32x32", Cl(16, 32), x => nn.functional.avg_pool2d(x, 5, 1, 2, count_include_pad: false)),
            ("avgpool5 Nao (separable) 16ch 32x32", Cl(16, 32), x => avg5.call(x)),
            ("maxpool3 stride2 32ch 16x16", Cl(32, 16), x => nn.functional.max_pool2d(x, 3, 2, 1)),
            ("cat 3x16ch 32x32", Cl(16, 32), x => torch.cat([x, x, x], 1)),
            ("add 16ch 32x32", Cl(16, 32), x => x.add(x)),
        };
        var nao = new Dictionary<string, double>();
        using var process = Process.GetCurrentProcess();
        foreach (var (name, make, op) in cases)
        {
            double Measure()
            {
                process.Refresh();
                var start = process.TotalProcessorTime;
                for (var i = 0; i < iterations; i++)
                {
                    using var scope = torch.NewDisposeScope();
                    op(make().requires_grad_(true)).sum().backward();
                }
                process.Refresh();
                return (process.TotalProcessorTime - start).TotalMilliseconds / iterations;
            }
            Measure();
            nao[name] = Measure();
        }
        Dictionary<string, double> Reference(string oneDnn) =>
            PythonReference.Run("cnn_ops.py", "--iterations", $"{iterations}", "--threads", $"{threads}", "--onednn", oneDnn)
                .Where(l => l.Contains('=')).Select(l => l.Split('=', 2))
                .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
        var reference = Reference("on");
        var withoutOneDnn = Reference("off");
        Console.WriteLine($"CPU ms per forward+backward, {threads} thread(s), {iterations} iterations (input creation included); Nao with oneDNN {(Nao.Torch.TorchRuntime.OneDnnEnabled ? "on" : "off")}:");
        Console.WriteLine($"{"op",-40} {"nao",8} {"pytorch",8} {"nao/pt",7} {"pt, no oneDNN",14} {"nao/that",8}");
        foreach (var (name, ms) in nao)
        {
            var key = name.StartsWith("avgpool5 Nao", StringComparison.Ordinal) ? "avgpool5 direct 16ch 32x32"
                : name.StartsWith("conv1x1 stride2 Nao", StringComparison.Ordinal) ? "conv1x1 stride2 32ch 32x32" : name;
            var pt = reference.TryGetValue(key, out var value) ? value : double.NaN;
            var off = withoutOneDnn.TryGetValue(key, out var v2) ? v2 : double.NaN;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-40} {ms,8:F2} {pt,8:F2} {ms / pt,7:F2} {off,14:F2} {ms / off,8:F2}"));
        }
    }
}
