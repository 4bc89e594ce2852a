namespace Nao.Cli.Commands;

/// <summary>
/// The options of <c>nao params</c> and <c>nao train</c> for the <c>enas-rnn</c> space, as the commands bind them.
/// </summary>
/// <param name="Architecture">A published name (NAO-RNN, ENAS-RNN) or an architecture string.</param>
/// <param name="Vocab">Vocabulary size for <c>params</c> (default 10,000, PTB); <c>train</c> takes it from the training file.</param>
/// <param name="Hidden">Embedding = hidden size (default 850).</param>
/// <param name="Dataset"><c>ptb</c> or <c>wikitext2</c>; null = ptb.</param>
/// <param name="DataPath">The corpus folder; null = $NAO_DATA/ptb or $NAO_DATA/wikitext-2.</param>
/// <param name="Epochs">Training epochs.</param>
/// <param name="LimitTokens">Use at most this many tokens of each split (quick checks); null = all.</param>
/// <param name="Batch">Training batch size; null = 64.</param>
/// <param name="CheckpointDir">Folder for per-epoch checkpoints (resumed when present); null = none.</param>
/// <param name="Json">Print the result as JSON.</param>
/// <param name="Seed">Random seed.</param>
public sealed record RecurrentCommandOptions(string Architecture, int Vocab, int Hidden, string? Dataset, string? DataPath, int Epochs,
    long? LimitTokens, int? Batch, string? CheckpointDir, bool Json, int Seed);
