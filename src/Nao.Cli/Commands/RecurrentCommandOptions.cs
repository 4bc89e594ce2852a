namespace Nao.Cli.Commands;

/// <summary>
/// What <c>nao params</c> and <c>nao train</c> pass to the recurrent side (the <c>enas-rnn</c> space) of the two
/// commands: the options as the user gave them, not yet validated for the recurrent trainer.
/// </summary>
/// <param name="Architecture">NAME-OR-ARCH as typed (a published name such as NAO-RNN, or a <c>pred:act</c> string).</param>
/// <param name="Vocab">Vocabulary size for <c>params</c> (--vocab; default 10,000, Penn Treebank's).</param>
/// <param name="Hidden">Embedding and hidden size (--hidden; default 850).</param>
/// <param name="Dataset">--dataset as typed (ptb or wikitext2 on this side); null when omitted.</param>
/// <param name="DataPath">--data as typed; null when omitted (then the NAO_DATA environment variable applies).</param>
/// <param name="Epochs">--epochs.</param>
/// <param name="LimitTokens">--limit-tokens: train on the first K tokens only; null for all.</param>
/// <param name="Batch">--batch; null when omitted.</param>
/// <param name="CheckpointDir">--checkpoint; null when omitted.</param>
/// <param name="Json">--json: print the result as JSON.</param>
/// <param name="Seed">--seed.</param>
public sealed record RecurrentCommandOptions(string Architecture, int Vocab, int Hidden, string? Dataset, string? DataPath, int Epochs,
    long? LimitTokens, int? Batch, string? CheckpointDir, bool Json, int Seed);
