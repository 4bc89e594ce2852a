namespace Nao.Storage;

/// <summary>The last known state of a run.</summary>
public enum RunStatus
{
    /// <summary>
    /// Running, or stopped without a chance to say so (killed, power loss): resume it. Which one it is tells
    /// <see cref="RunLock.IsHeld"/>; <see cref="RunStore.IsInterrupted"/> asks it.
    /// </summary>
    Running,

    /// <summary>Stopped by Ctrl-C; resume it.</summary>
    Cancelled,

    /// <summary>Stopped by an error; the message is stored; it may be resumable after the cause is fixed.</summary>
    Failed,

    /// <summary>The budget is spent.</summary>
    Completed,
}
