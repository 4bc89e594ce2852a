using Nao.Storage;

namespace Nao.Cli.Commands;

/// <summary>Tells the user which trials a reader left out of a damaged run, and what to do about it.</summary>
internal static class StoreWarnings
{
    /// <summary>Prints the damage found by the last trial read; returns the exit code it calls for (2 when anything was lost).</summary>
    public static int Print(CliConsole console, RunStore store)
    {
        foreach (var line in store.Damage) console.Error.WriteLine($"warning: left out: {line}");
        if (store.Damage.Count == 0) return ExitCodes.Success;
        console.Error.WriteLine($"The other trials of '{store.Directory}' are shown. Restore {RunStore.DatabaseFile} from a copy to get the rest back; " +
            $"a damaged run cannot be resumed (start a new one with 'nao search').");
        return ExitCodes.Usage;
    }
}
