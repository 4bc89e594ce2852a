namespace Nao.Bench;

/// <summary>
/// Runs a training-step reference script (cnn_step.py, nb201_step.py) once per variant: glibc's default allocator
/// settings or the ones Nao's TorchRuntime makes, and PyTorch's oneDNN (mkldnn) kernels on, as a plain PyTorch script
/// runs, or off, as Nao runs libtorch (TorchRuntime turns oneDNN off because it computes wrong results on these CPUs).
/// </summary>
internal static class StepReference
{
    /// <summary>Parses --python-malloc's value: default, tuned or both.</summary>
    public static bool[] ParseMalloc(string value) => value switch
    {
        "default" => [false],
        "tuned" => [true],
        "both" => [false, true],
        _ => throw new ArgumentException($"--python-malloc is default, tuned or both (got {value})."),
    };

    /// <summary>Parses --python-onednn's value: on, off or both.</summary>
    public static bool[] ParseOneDnn(string value) => value switch
    {
        "on" => [true],
        "off" => [false],
        "both" => [true, false],
        _ => throw new ArgumentException($"--python-onednn is on, off or both (got {value})."),
    };

    /// <summary>Runs every variant, prints each side's line, and returns them labelled.</summary>
    public static List<(string Label, StepMeasurement M)> Run(string script, IReadOnlyList<string> args, bool[] mallocTuned, bool[] oneDnn)
    {
        var results = new List<(string Label, StepMeasurement M)>();
        foreach (var dnn in oneDnn)
        {
            foreach (var tuned in mallocTuned)
            {
                // The child process inherits these: the same allocator settings Nao's TorchRuntime makes with mallopt.
                Environment.SetEnvironmentVariable("MALLOC_MMAP_MAX_", tuned ? "0" : null);
                Environment.SetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_", tuned ? "2147483647" : null);
                var m = StepMeasurement.FromLines(PythonReference.Run(script, [.. args, "--onednn", dnn ? "on" : "off"]));
                var label = $"pytorch ({(tuned ? "malloc tuned like Nao" : "default malloc")}{(dnn ? "" : ", oneDNN off")})";
                results.Add((label, m));
                Console.WriteLine(m.Line(label));
            }
        }
        Environment.SetEnvironmentVariable("MALLOC_MMAP_MAX_", null);
        Environment.SetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_", null);
        return results;
    }
}
