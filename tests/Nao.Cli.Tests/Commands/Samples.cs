namespace Nao.Tests.Commands;

/// <summary>The repository's samples/ folder (space files, trial scripts), found above the test assembly.</summary>
internal static class Samples
{
    /// <summary>The full path of a file under samples/, e.g. <c>spaces/chain.yaml</c>.</summary>
    public static string Path(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "samples", relative);
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Nao.slnx")) && File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"No samples/{relative} above {AppContext.BaseDirectory}; the test needs the repository.");
    }

    /// <summary>
    /// A trial command that scores an architecture by a checksum of its text (a deterministic stand-in for training,
    /// with a real subprocess per trial): writes the script into <paramref name="folder"/> and returns the command line.
    /// </summary>
    public static string ChecksumCommand(string folder, double sleepSeconds = 0)
    {
        var script = System.IO.Path.Combine(folder, "score.sh");
        File.WriteAllText(script,
            "#!/bin/sh\n" +
            "# The architecture from trial.json, its checksum mod 1000 as the score.\n" +
            "arch=$(sed -n 's/.*\"architecture\": *\"\\([^\"]*\\)\".*/\\1/p' trial.json | head -n 1)\n" +
            (sleepSeconds > 0 ? $"sleep {sleepSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n" : "") +
            "n=$(printf '%s' \"$arch\" | cksum | cut -d ' ' -f 1)\n" +
            "echo \"{\\\"epoch\\\": 1, \\\"score\\\": $((n % 997))}\"\n" +
            "echo \"{\\\"score\\\": $((n % 1000)), \\\"length\\\": ${#arch}}\"\n");
        return $"sh {script}";
    }

    /// <summary>
    /// A trial command with a learning curve (a deterministic stand-in for training): score S is the architecture's
    /// checksum mod 1000, printed as epochs 1…4 with score S·e/4, <paramref name="sleepSeconds"/> apart, then the
    /// final score S. Writes the script into <paramref name="folder"/> and returns the command line.
    /// </summary>
    public static string CurveCommand(string folder, double sleepSeconds)
    {
        var script = System.IO.Path.Combine(folder, "curve.sh");
        File.WriteAllText(script,
            "#!/bin/sh\n" +
            "arch=$(sed -n 's/.*\"architecture\": *\"\\([^\"]*\\)\".*/\\1/p' trial.json | head -n 1)\n" +
            "s=$(( $(printf '%s' \"$arch\" | cksum | cut -d ' ' -f 1) % 1000 ))\n" +
            "for e in 1 2 3 4; do\n" +
            "  echo \"{\\\"epoch\\\": $e, \\\"score\\\": $((s * e / 4))}\"\n" +
            $"  sleep {sleepSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n" +
            "done\n" +
            "echo \"{\\\"score\\\": $s}\"\n");
        return $"sh {script}";
    }
}
