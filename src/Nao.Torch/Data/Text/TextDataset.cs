namespace Nao.Data.Text;

/// <summary>A word-level language-modelling corpus in the PTB/WikiText layout, and its file names.</summary>
/// <param name="Name">The name a user types (<c>ptb</c>, <c>wikitext2</c>).</param>
/// <param name="FolderName">The folder it usually sits in under a data root (<c>ptb</c>, <c>wikitext-2</c>).</param>
/// <param name="TrainFile">The training file name.</param>
/// <param name="ValidFile">The validation file name.</param>
/// <param name="TestFile">The test file name.</param>
public sealed record TextDataset(string Name, string FolderName, string TrainFile, string ValidFile, string TestFile)
{
    /// <summary>Mikolov's Penn Treebank (10,000 word types with <c>&lt;eos&gt;</c>), the files of the ENAS/DARTS/NAO code.</summary>
    public static TextDataset Ptb { get; } = new("ptb", "ptb", "ptb.train.txt", "ptb.valid.txt", "ptb.test.txt");

    /// <summary>WikiText-2 v1, tokenized (33,278 word types).</summary>
    public static TextDataset WikiText2 { get; } = new("wikitext2", "wikitext-2", "wiki.train.tokens", "wiki.valid.tokens", "wiki.test.tokens");

    /// <summary>All known corpora.</summary>
    public static IReadOnlyList<TextDataset> All { get; } = [Ptb, WikiText2];

    /// <summary>The corpus of that name (case-insensitive; <c>wikitext-2</c> is accepted too), or null.</summary>
    public static TextDataset? Find(string name)
    {
        var key = name.Trim().Replace("-", "", StringComparison.Ordinal);
        return All.FirstOrDefault(d => string.Equals(d.Name, key, StringComparison.OrdinalIgnoreCase));
    }
}
