using System.Diagnostics;

namespace Nao.Bench;

/// <summary>
/// Runs a script of bench/reference under Debian's system Python with <c>python3-torch</c>. The packages are
/// installed with apt by bench/reference/setup.sh when missing (OpenBLAS too: the reference BLAS would make the
/// comparison unfair, see TORCHSHARP notes).
/// </summary>
public static class PythonReference
{
    /// <summary>Runs <paramref name="script"/> (a file name in bench/reference) with arguments; returns its stdout lines.</summary>
    public static IReadOnlyList<string> Run(string script, params string[] args)
    {
        var folder = FindReferenceFolder();
        RunProcess("bash", [Path.Combine(folder, "setup.sh")], echo: true);
        return RunProcess("/usr/bin/python3", [Path.Combine(folder, script), .. args], echo: false);
    }

    private static IReadOnlyList<string> RunProcess(string file, string[] args, bool echo)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var lines = new List<string>();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            lines.Add(line);
            if (echo) Console.WriteLine(line);
        }
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}.");
        return lines;
    }

    private static string FindReferenceFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bench", "reference");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("bench/reference not found above the benchmark's output folder.");
    }
}
