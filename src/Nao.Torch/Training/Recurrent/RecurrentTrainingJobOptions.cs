using Nao.Data;
using Nao.Data.Text;

namespace Nao.Training.Recurrent;

/// <summary>
/// What a stand-alone training of one recurrent language model (<c>nao train</c> on the enas-rnn space) reads and
/// how it trains: DARTS's settings, its regularization scaled to <see cref="Hidden"/>
/// (<c>RecurrentModelOptions.ScaledToHidden</c>).
/// </summary>
public sealed record RecurrentTrainingJobOptions
{
    /// <summary>The corpus: ptb or wikitext2. Default ptb.</summary>
    public string Dataset { get; init; } = TextDataset.Ptb.Name;

    /// <summary>The folder holding the corpus's train/valid/test files; null means $NAO_DATA/&lt;corpus folder&gt;. Default null.</summary>
    public string? DataPath { get; init; }

    /// <summary>Embedding and hidden size. Default 850 (DARTS's).</summary>
    public int Hidden { get; init; } = 850;

    /// <summary>Epochs to train. Default 25.</summary>
    public int Epochs { get; init; } = 25;

    /// <summary>Mini-batch size. Default 20 (AWD-LSTM's PTB batch: short trainings need the updates).</summary>
    public int BatchSize { get; init; } = 20;

    /// <summary>Train on the first K tokens only (validation and test stay whole); null for all. Default null.</summary>
    public long? LimitTokens { get; init; }

    /// <summary>Folder for a checkpoint after every epoch; a folder with a checkpoint resumes it. Default null (none).</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Random seed: initialization, dropout masks, BPTT lengths. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Checks every field; the message names it and the fix.</summary>
    /// <exception cref="ArgumentException">A field is out of range or the corpus is unknown.</exception>
    public void Validate()
    {
        _ = Corpus();
        if (Hidden < 1) throw new ArgumentException($"Hidden must be at least 1 (got {Hidden}).");
        if (Epochs < 1) throw new ArgumentException($"Epochs must be at least 1 (got {Epochs}).");
        if (BatchSize < 1) throw new ArgumentException($"BatchSize must be at least 1 (got {BatchSize}).");
        if (LimitTokens is < 1) throw new ArgumentException($"LimitTokens must be positive (got {LimitTokens}).");
    }

    /// <summary>The corpus <see cref="Dataset"/> names.</summary>
    /// <exception cref="ArgumentException">An unknown corpus; the message lists the valid ones.</exception>
    public TextDataset Corpus() => TextDataset.Find(Dataset ?? "")
        ?? throw new ArgumentException($"Unknown corpus '{Dataset}'. Valid: {string.Join(", ", TextDataset.All.Select(d => d.Name))}.");

    /// <summary>The corpus folder: <see cref="DataPath"/>, else $NAO_DATA/&lt;corpus folder&gt;.</summary>
    /// <exception cref="ArgumentException">No data path is given and NAO_DATA is not set.</exception>
    public string ResolveDataPath() => DataRoot.Resolve(DataPath, Corpus().FolderName,
        $"No data folder: give DataPath, or set NAO_DATA to the folder that holds {Corpus().FolderName}/.");
}
