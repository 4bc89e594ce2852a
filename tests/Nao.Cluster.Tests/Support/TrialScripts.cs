namespace Nao.Tests.Support;

/// <summary>Trial commands and sample files for the command evaluator on workers.</summary>
public static class TrialScripts
{
    /// <summary>
    /// Writes <c>score.sh</c> into <paramref name="folder"/>: it scores an architecture by a checksum of its text (a
    /// deterministic stand-in for training, one subprocess per trial), printing an epoch line (a curve point) and
    /// the final line with the architecture's length as a metric. Returns its full path.
    /// </summary>
    public static string WriteScoreScript(string folder)
    {
        var script = Path.Combine(folder, "score.sh");
        File.WriteAllText(script,
            "#!/bin/sh\n" +
            "arch=$(sed -n 's/.*\"architecture\": *\"\\([^\"]*\\)\".*/\\1/p' trial.json | head -n 1)\n" +
            "n=$(printf '%s' \"$arch\" | cksum | cut -d ' ' -f 1)\n" +
            "echo \"{\\\"epoch\\\": 1, \\\"score\\\": $((n % 997))}\"\n" +
            "echo \"{\\\"score\\\": $((n % 1000)), \\\"length\\\": ${#arch}}\"\n");
        return script;
    }

    /// <summary>
    /// Writes <c>curve.sh</c> into <paramref name="folder"/>: a slow, deterministic stand-in for training with a
    /// learning curve. Score S is the architecture's checksum mod 1000; it prints epochs 1…6 with score S·e/6, 0.4 s
    /// apart, then creates <see cref="FinishedMarker"/> in its trial folder and prints the final score S. A trial
    /// stopped mid-run never creates the marker. Returns its full path.
    /// </summary>
    public static string WriteCurveScript(string folder)
    {
        var script = Path.Combine(folder, "curve.sh");
        File.WriteAllText(script,
            "#!/bin/sh\n" +
            "arch=$(sed -n 's/.*\"architecture\": *\"\\([^\"]*\\)\".*/\\1/p' trial.json | head -n 1)\n" +
            "s=$(( $(printf '%s' \"$arch\" | cksum | cut -d ' ' -f 1) % 1000 ))\n" +
            "for e in 1 2 3 4 5 6; do\n" +
            "  echo \"{\\\"epoch\\\": $e, \\\"score\\\": $((s * e / 6))}\"\n" +
            "  sleep 0.4\n" +
            "done\n" +
            $"touch {FinishedMarker}\n" +
            "echo \"{\\\"score\\\": $s}\"\n");
        return script;
    }

    /// <summary>The file <see cref="WriteCurveScript"/> creates in its trial folder once it ran to the end.</summary>
    public const string FinishedMarker = "finished";

    /// <summary>The full path of a file under the repository's samples/ folder, e.g. <c>spaces/chain.yaml</c>.</summary>
    public static string Sample(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", relative);
            if (File.Exists(Path.Combine(dir.FullName, "Nao.slnx")) && File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"No samples/{relative} above {AppContext.BaseDirectory}; the test needs the repository.");
    }
}
