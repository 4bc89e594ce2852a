using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Nao.Evaluation.Command;

/// <summary>
/// A trial command running in its own process group (started through <c>setsid</c>), so that one signal reaches it
/// and everything it started: a training script's data-loader workers or a <c>sleep &amp;</c> would otherwise outlive a
/// timeout or Ctrl-C. Where <c>setsid</c> is missing the command runs directly and a kill reaches the process tree
/// that is still attached to it (orphans whose parent died are missed).
/// <para>
/// A kill -9 of nao runs no code of nao's, so the group watches nao itself: its leader's stdin is a pipe whose only
/// writer is nao, and a background <c>read</c> in the group sees end-of-file when nao is gone, however it died, and
/// kills the whole group. A training script never outlives the search that started it (a resumed search runs the
/// trial again). The watcher uses shell builtins only, so stopping it leaves no process to reap.
/// </para>
/// </summary>
internal sealed class ProcessGroup : IDisposable
{
    private const int SigKill = 9;
    private const int NoSuchProcess = 3; // ESRCH
    private static readonly string? Setsid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    private const string RunCommand = "/bin/sh -c \"$1\" <\"$2\" >\"$3\" 2>\"$4\"";

    // fd 3 keeps nao's pipe for the watcher (a background list's stdin would be /dev/null). The user's command runs in
    // the foreground, so its signal dispositions are the default ones, and its status becomes the leader's (128 + N
    // for signal N). Afterwards the leader stops the watcher and reaps it, so no zombie waits for init.
    private const string WatchedCommand =
        "exec 3<&0 </dev/null; { read -r _ <&3; kill -9 0; } >/dev/null 2>&1 & watcher=$!; " +
        RunCommand + " 3<&-; status=$?; exec 3<&-; { kill $watcher; wait $watcher; } 2>/dev/null; exit $status";

    private readonly Process _process;
    private readonly bool _ownGroup;

    private ProcessGroup(Process process, bool ownGroup)
    {
        _process = process;
        _ownGroup = ownGroup;
    }

    /// <summary>The leader's process id, which is also the group id.</summary>
    public int Id => _process.Id;

    /// <summary>
    /// Starts <c>/bin/sh -c COMMAND</c> in a folder, with stdin, stdout and stderr redirected to files of that folder by
    /// the shell itself: the output streams to disk while the command runs, and no pipe is left for a background
    /// grandchild to hold open.
    /// </summary>
    public static ProcessGroup Start(string command, string directory, string stdin, string stdout, string stderr, IEnumerable<KeyValuePair<string, string>> environment)
    {
        var info = new ProcessStartInfo(Setsid ?? "/bin/sh")
        {
            UseShellExecute = false, WorkingDirectory = directory, RedirectStandardInput = Setsid is not null,
        };
        if (Setsid is not null) info.ArgumentList.Add("/bin/sh");
        // The file names travel as positional parameters, so no quoting of paths or of the command is needed. Without
        // a group of its own there is no watcher: its "kill 0" would hit nao's group.
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Setsid is null ? "exec " + RunCommand : WatchedCommand);
        info.ArgumentList.Add("nao-trial");
        foreach (var argument in (ReadOnlySpan<string>)[command, stdin, stdout, stderr]) info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) info.Environment[key] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start '{command}'.");
        return new ProcessGroup(process, Setsid is not null);
    }

    /// <summary>Waits until the leader has exited and returns its exit code (128 + N when signal N killed it).</summary>
    public async Task<int> WaitAsync()
    {
        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>
    /// Sends SIGKILL to the whole group. Safe to call at any time and from a cancellation callback: it only sends
    /// signals and never blocks.
    /// </summary>
    public void Kill()
    {
        if (!_ownGroup)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already exited.
            }
            return;
        }
        // Just after the start the leader may not have called setsid() yet, so its group does not exist; it then has
        // no children either, and killing it alone is enough. A group made in between is killed by KillLeftovers.
        if (kill(-_process.Id, SigKill) != 0 && Marshal.GetLastPInvokeError() == NoSuchProcess) kill(_process.Id, SigKill);
    }

    /// <summary>
    /// After the leader has exited: kills what it left running in its group and waits (up to two seconds) until the
    /// group is gone, so a finished trial leaves no process behind.
    /// </summary>
    public async Task KillLeftoversAsync()
    {
        if (!_ownGroup) return;
        if (kill(-_process.Id, SigKill) != 0) return;
        for (var wait = 0; wait < 200 && kill(-_process.Id, 0) == 0; wait++) await Task.Delay(10).ConfigureAwait(false);
    }

    /// <summary>What nao's death does to the group: closes the pipe its watcher reads. For tests.</summary>
    internal void CloseOwnerPipe()
    {
        if (_ownGroup) _process.StandardInput.Close();
    }

    /// <inheritdoc />
    public void Dispose() => _process.Dispose();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
