namespace Nao.Bench;

/// <summary>One benchmark: times Nao, runs the matching PyTorch reference, prints both and their ratio.</summary>
public interface IBenchmark
{
    /// <summary>The name given on the command line.</summary>
    string Name { get; }

    /// <summary>One line on what is timed and at which shapes.</summary>
    string Description { get; }

    /// <summary>Runs the benchmark; returns the process exit code.</summary>
    int Run(string[] args);
}
