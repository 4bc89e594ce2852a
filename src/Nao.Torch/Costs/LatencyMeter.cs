using System.Diagnostics;
using Nao.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Costs;

/// <summary>Times a built network's forward pass on the CPU: the median of k runs after warm-up, at a fixed thread count.</summary>
public static class LatencyMeter
{
    /// <summary>The median wall time in milliseconds of one forward pass of zeros of <paramref name="shape"/> (batch first).</summary>
    public static double MedianMilliseconds<TResult>(nn.Module<Tensor, TResult> network, long[] shape, LatencyOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        options.Validate();
        TorchRuntime.Initialize();
        var threads = torch.get_num_threads();
        var wasTraining = network.training;
        try
        {
            // The thread count is per OS thread in libtorch; restored after, so the caller's own work keeps its count.
            torch.set_num_threads(options.Threads);
            network.eval();
            using var noGrad = no_grad();
            using var input = zeros(shape);
            var times = new double[options.Runs];
            for (var i = 0; i < options.Warmup + options.Runs; i++)
            {
                using var scope = NewDisposeScope();
                var watch = Stopwatch.StartNew();
                network.call(input);
                watch.Stop();
                if (i >= options.Warmup) times[i - options.Warmup] = watch.Elapsed.TotalMilliseconds;
            }
            Array.Sort(times);
            return times.Length % 2 == 1 ? times[times.Length / 2] : (times[times.Length / 2 - 1] + times[times.Length / 2]) / 2;
        }
        finally
        {
            network.train(wasTraining);
            torch.set_num_threads(threads);
        }
    }

    /// <summary>This machine's CPU model (Linux: /proc/cpuinfo's model name), else its architecture and core count.</summary>
    public static string CpuModel()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                if (line is not null) return $"{line[(line.IndexOf(':') + 1)..].Trim()} ({Environment.ProcessorCount} logical CPUs)";
            }
        }
        catch (IOException)
        {
            // Fall through to the portable description.
        }
        return $"{System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture} ({Environment.ProcessorCount} logical CPUs)";
    }
}
