using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Nao.Evaluation.Command;

/// <summary>
/// A trial command running in its own process group (started through <c>setsid</c>), so that one signal reaches it
/// and everything it started: a training script's data-loader workers or a <c>sleep &amp;</c> would otherwise outlive a
/// timeout or Ctrl-C. Where <c>setsid</c> is missing the command runs directly and a kill reaches the process tree
/// that is still attached to it (orphans whose parent died are missed).
/// </summary>
internal sealed class ProcessGroup : IDisposable
{
    private const int SigKill = 9;
    private const int NoSuchProcess = 3; // ESRCH
    private static readonly string? Setsid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

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
        var info = new ProcessStartInfo(Setsid ?? "/bin/sh") { UseShellExecute = false, WorkingDirectory = directory };
        if (Setsid is not null) info.ArgumentList.Add("/bin/sh");
        // The outer shell replaces itself (exec) with the user's, so the group leader is the user's shell; the file names
        // travel as positional parameters, so no quoting of paths or of the command is needed.
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec /bin/sh -c \"$1\" <\"$2\" >\"$3\" 2>\"$4\"");
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

    /// <inheritdoc />
    public void Dispose() => _process.Dispose();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
