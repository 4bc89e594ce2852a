using System.Diagnostics;
using System.Globalization;
using Nao.Torch;

namespace Nao.Bench;

/// <summary>
/// Issue 14's measurement: every case of <see cref="KernelCheck"/> (convolutions against im2col and a float64 matrix
/// product, LSTMs against float64), run once with libtorch's oneDNN kernels on (<c>NAO_ONEDNN=on</c>) and once as Nao
/// runs (off), each in a fresh child process because the switch is read once per process. Prints each case's relative
/// errors side by side and the count of cases off by more than <see cref="KernelComparison.Tolerance"/>. Cases that
/// agree on both sides are left out unless <c>--all</c> is given. There is no PyTorch side: the references are the
/// comparison. Run it with <c>ONEDNN_MAX_CPU_ISA=AVX2</c> as well to see the AVX2 kernels on an AVX-512 CPU.
/// </summary>
public sealed class KernelsBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "kernels";

    /// <inheritdoc />
    public string Description => "convolution and LSTM kernels against float64 references, oneDNN on vs off (fresh processes)";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        if (args is ["--child"])
        {
            foreach (var r in KernelCheck.Run())
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Kernel}\t{r.Pass}\t{r.RelativeError:R}"));
            }
            return 0;
        }
        var all = args.Contains("--all");
        var isa = Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA");
        var isaText = isa is null ? "oneDNN's own ISA choice" : $"ONEDNN_MAX_CPU_ISA={isa}";
        Console.WriteLine($"kernels: {isaText}; relative error max|ours - reference| / max|reference|, tolerance {KernelComparison.Tolerance:E0}");
        var on = RunChild("on");
        var off = RunChild("off");
        Console.WriteLine($"{"kernel",-58} {"pass",-16} {"oneDNN on",10} {"off (Nao)",10}");
        foreach (var (key, error) in on)
        {
            var other = off[key];
            if (!all && error <= KernelComparison.Tolerance && other <= KernelComparison.Tolerance) continue;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key.Kernel,-58} {key.Pass,-16} {error,10:E1} {other,10:E1}"));
        }
        Console.WriteLine($"wrong with oneDNN on: {on.Values.Count(e => e > KernelComparison.Tolerance)} of {on.Count}; with it off, as Nao runs: {off.Values.Count(e => e > KernelComparison.Tolerance)} of {off.Count}");
        return 0;
    }

    private static Dictionary<(string Kernel, string Pass), double> RunChild(string oneDnn)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("No process path to start the child from.");
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(KernelsBenchmark).Assembly.Location);
        start.ArgumentList.Add("kernels");
        start.ArgumentList.Add("--child");
        start.Environment[TorchRuntime.OneDnnVariable] = oneDnn;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {host}.");
        var results = new Dictionary<(string, string), double>();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            var fields = line.Split('\t');
            if (fields.Length == 3) results[(fields[0], fields[1])] = double.Parse(fields[2], CultureInfo.InvariantCulture);
        }
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"The child with oneDNN {oneDnn} exited with {process.ExitCode}.");
        return results;
    }
}
