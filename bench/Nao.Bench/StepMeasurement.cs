using System.Diagnostics;
using System.Globalization;

namespace Nao.Bench;

/// <summary>
/// One side's figures of a training-step benchmark (cnn-step, nb201-step). CPU time is the whole process's, which on
/// a busy machine is steadier than wall time. <see cref="StartRssMb"/> is the resident memory after the model, the
/// optimizer and the batch exist and before the first step, so peak minus start is what the steps themselves add.
/// </summary>
internal sealed record StepMeasurement(long Parameters, double MsPerStep, double CpuMsPerStep, double ImagesPerSecond, double StartRssMb, double PeakRssMb)
{
    /// <summary>Reads the key=value lines the reference scripts print (start_rss_mb is NaN for scripts without it).</summary>
    public static StepMeasurement FromLines(IReadOnlyList<string> lines)
    {
        var values = lines.Where(l => l.Contains('=')).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        double Get(string key) => values.TryGetValue(key, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : double.NaN;
        return new StepMeasurement((long)Get("parameters"), Get("ms_per_step"), Get("cpu_ms_per_step"), Get("images_per_second"),
            Get("start_rss_mb"), Get("peak_rss_mb"));
    }

    /// <summary>Runs <paramref name="warmup"/> untimed and <paramref name="steps"/> timed calls of <paramref name="step"/>.</summary>
    public static StepMeasurement Time(Action step, long parameters, int batch, int warmup, int steps)
    {
        var startRss = StatusMb("VmRSS");
        for (var i = 0; i < warmup; i++) step();
        using var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++) step();
        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpuMs = (process.TotalProcessorTime - cpuStart).TotalMilliseconds / steps;
        return new StepMeasurement(parameters, 1000 * seconds / steps, cpuMs, batch * steps / seconds, startRss, StatusMb("VmHWM"));
    }

    /// <summary>The line the benchmarks print for one side.</summary>
    public string Line(string label) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{label,-40} {ImagesPerSecond,8:F1} images/s  {MsPerStep,8:F1} ms/step  {CpuMsPerStep,8:F1} CPU-ms/step  RSS at start {StartRssMb,5:F0} MB, peak {PeakRssMb,6:F0} MB  ({Parameters:N0} parameters)");

    /// <summary>The ratio line of Nao against one reference.</summary>
    public string RatioLine(string label, StepMeasurement reference) =>
        string.Create(CultureInfo.InvariantCulture,
            $"ratio nao / {label}: {ImagesPerSecond / reference.ImagesPerSecond:F2}x images/s, {reference.CpuMsPerStep / CpuMsPerStep:F2}x images per CPU-second, {PeakRssMb / reference.PeakRssMb:F2}x peak RSS, {(PeakRssMb - StartRssMb) / (reference.PeakRssMb - reference.StartRssMb):F2}x peak above start");

    private static double StatusMb(string key)
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(key + ":", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}
