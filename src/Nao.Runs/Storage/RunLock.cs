using System.Diagnostics;
using System.Globalization;

namespace Nao.Storage;

/// <summary>
/// Holds a run folder for one process: <c>run.lock</c> opened with <see cref="FileShare.None"/>, which .NET on Linux
/// backs with an exclusive <c>flock</c> (on NFS the kernel turns it into a POSIX lock the server arbitrates, so it
/// also holds across the machines of a cluster). The OS drops the lock when the process dies, kill -9 included, so a
/// lock left behind never blocks a later resume. Who holds it is written to <c>run.holder</c>: a second file because
/// .NET opens even a read with a shared flock, which the holder's exclusive one refuses.
/// </summary>
public sealed class RunLock : IDisposable
{
    /// <summary>The lock file inside a run folder. It is never deleted: deleting a locked file lets two processes lock two different files of the same name.</summary>
    public const string FileName = "run.lock";

    /// <summary>The text file naming the holder (process id, host, since when).</summary>
    public const string HolderFileName = "run.holder";

    // `nao runs` probes the lock for an instant; a process taking it retries over this span before it refuses.
    private static readonly TimeSpan ProbeGrace = TimeSpan.FromMilliseconds(500);

    private readonly FileStream _stream;
    private readonly string _holderPath;

    private RunLock(FileStream stream, string holderPath)
    {
        _stream = stream;
        _holderPath = holderPath;
    }

    /// <summary>Takes the lock of a run folder (which must exist) and records this process as its holder.</summary>
    /// <exception cref="RunLockedException">Another live process holds the folder.</exception>
    public static RunLock Acquire(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            FileStream stream;
            try
            {
                stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException e) when (IsHeldError(e))
            {
                if (clock.Elapsed > ProbeGrace) throw new RunLockedException(directory, ReadHolder(directory));
                Thread.Sleep(25);
                continue;
            }
            var holder = Path.Combine(directory, HolderFileName);
            try
            {
                AtomicFile.WriteAllText(holder, string.Create(CultureInfo.InvariantCulture,
                    $"process {Environment.ProcessId} on host {Environment.MachineName} since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC\n"));
            }
            catch
            {
                stream.Dispose();
                throw;
            }
            return new RunLock(stream, holder);
        }
    }

    /// <summary>Whether a live process holds the run folder (a probe with a shared lock; it creates nothing).</summary>
    public static bool IsHeld(string directory)
    {
        try
        {
            using var probe = new FileStream(Path.Combine(directory, FileName), FileMode.Open, FileAccess.Read, FileShare.Read);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (IOException e) when (IsHeldError(e))
        {
            return true;
        }
    }

    /// <summary>Who holds (or last held) a folder, as written by the holder; a fallback when it has not written yet.</summary>
    public static string ReadHolder(string directory)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(directory, HolderFileName)).Trim();
            return text.Length > 0 ? text : "another process (it has not written its details yet)";
        }
        catch (IOException)
        {
            return "another process (it has not written its details yet)";
        }
    }

    /// <summary>Removes the holder file, then releases the lock (in that order, so a new holder's file is never deleted).</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(_holderPath);
        }
        catch (IOException)
        {
            // A stale holder file is harmless: the lock decides, and the next holder overwrites it.
        }
        _stream.Dispose();
    }

    // A missing folder or file is a different problem; any other failure to open the lock file is the lock being held.
    private static bool IsHeldError(IOException e) => e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException);
}

/// <summary>A run folder is held by another live process (a search running or resuming it).</summary>
public sealed class RunLockedException(string directory, string holder) : IOException(
    $"'{directory}' is in use by {holder}: a run folder is written by one search at a time. Wait for that search to finish " +
    $"(or stop it with Ctrl-C), then resume with 'nao search --resume {directory}'. 'nao runs' and 'nao report' can read the run meanwhile.")
{
    /// <summary>The run folder.</summary>
    public string Directory { get; } = directory;

    /// <summary>Who holds it, as the holder wrote it.</summary>
    public string Holder { get; } = holder;
}
