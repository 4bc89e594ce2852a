using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Nao.Tests.Support;

/// <summary>A real <c>dotnet nao.dll …</c> process whose output lines the test can wait for.</summary>
public sealed class NaoProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _out = new();
    private readonly ConcurrentQueue<string> _err = new();
    private readonly SemaphoreSlim _lines = new(0);

    private NaoProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output => string.Join('\n', _out);

    public string Error => string.Join('\n', _err);

    /// <summary>The nao.dll built next to the tests (the test project references the CLI project).</summary>
    public static string NaoDll
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "nao.dll");
            if (!File.Exists(path) || !File.Exists(Path.Combine(AppContext.BaseDirectory, "nao.runtimeconfig.json")))
            {
                throw new FileNotFoundException($"nao.dll with its runtimeconfig is not in {AppContext.BaseDirectory}; build the solution first.");
            }
            return path;
        }
    }

    public static NaoProcess Start(string name, params string[] args) => Start(name, new Dictionary<string, string>(), args);

    public static NaoProcess Start(string name, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        StartVia([], name, environment, args);

    /// <summary>
    /// Starts nao through <paramref name="launcher"/>, a command that runs its arguments elsewhere: for example
    /// <c>ip netns exec NS</c>, which execs in place, so the process id and a kill -9 still reach nao itself.
    /// </summary>
    public static NaoProcess StartVia(string[] launcher, string name, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo(launcher.Length > 0 ? launcher[0] : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var part in launcher.Skip(1)) info.ArgumentList.Add(part);
        if (launcher.Length > 0) info.ArgumentList.Add(PostgresServer.FindOnPath("dotnet") ?? "dotnet");
        info.ArgumentList.Add(NaoDll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment) info.Environment[key] = value;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var result = new NaoProcess(name, process);
        process.OutputDataReceived += (_, e) => result.Add(result._out, e.Data);
        process.ErrorDataReceived += (_, e) => result.Add(result._err, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    private void Add(ConcurrentQueue<string> queue, string? line)
    {
        if (line is null) return;
        // Progress lines end with a carriage return when they overwrite each other; keep each as a line.
        foreach (var part in line.Split('\r', StringSplitOptions.RemoveEmptyEntries)) queue.Enqueue(part);
        _lines.Release();
    }

    /// <summary>Waits until a stdout or stderr line matches, and returns it.</summary>
    public async Task<string> WaitForLineAsync(Regex pattern, TimeSpan timeout, Func<string, bool>? also = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var hit = _out.Concat(_err).FirstOrDefault(l => pattern.IsMatch(l) && (also is null || also(l)));
            if (hit is not null) return hit;
            if (_process.HasExited && _lines.CurrentCount == 0)
            {
                throw new InvalidOperationException($"{Name} exited ({_process.ExitCode}) before printing /{pattern}/.\nstdout:\n{Output}\nstderr:\n{Error}");
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"{Name} did not print /{pattern}/ within {timeout}.\nstdout:\n{Output}\nstderr:\n{Error}");
            await _lines.WaitAsync(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not exit within {timeout}.\nstdout:\n{Output}\nstderr:\n{Error}");
        }
        _process.WaitForExit(); // flushes the asynchronous output readers
        return _process.ExitCode;
    }

    /// <summary>kill -9: .NET's Process.Kill sends SIGKILL on Unix, so the process gets no chance to clean up.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Stops the process gently (SIGTERM), as a scheduler would.</summary>
    public void Terminate()
    {
        if (!_process.HasExited) Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        _lines.Dispose();
    }
}
