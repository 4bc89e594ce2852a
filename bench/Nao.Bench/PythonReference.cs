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

    /// <summary>
    /// Starts <paramref name="script"/> as a server that answers one stdout line per request line, for benchmarks that
    /// alternate Nao's measurements with the reference's so that both see the same machine state.
    /// </summary>
    public static ReferenceServer Start(string script, params string[] args)
    {
        var folder = FindReferenceFolder();
        RunProcess("bash", [Path.Combine(folder, "setup.sh")], echo: true);
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(folder, script));
        foreach (var a in args) info.ArgumentList.Add(a);
        return new ReferenceServer(Process.Start(info) ?? throw new InvalidOperationException($"Could not start {script}."), script);
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

/// <summary>A running reference script: one request line in, one answer line out.</summary>
public sealed class ReferenceServer : IDisposable
{
    private readonly Process _process;
    private readonly string _script;

    internal ReferenceServer(Process process, string script) => (_process, _script) = (process, script);

    /// <summary>The next line the script prints.</summary>
    /// <exception cref="InvalidOperationException">The script ended instead.</exception>
    public string ReadLine() =>
        _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"{_script} ended early (exit code {Exit()}).");

    /// <summary>Sends <paramref name="request"/> and returns the script's answer.</summary>
    public string Ask(string request)
    {
        _process.StandardInput.WriteLine(request);
        _process.StandardInput.Flush();
        return ReadLine();
    }

    private int Exit()
    {
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Closes the script's input, which ends it, and waits for it.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(10_000)) _process.Kill();
        }
        _process.Dispose();
    }
}
