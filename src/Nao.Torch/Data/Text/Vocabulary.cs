namespace Nao.Data.Text;

/// <summary>
/// Word types and their ids, in order of first appearance in the training file (as in the PyTorch word language
/// model example, AWD-LSTM, ENAS and DARTS, so ids match theirs). Built by <see cref="TextCorpus"/>.
/// </summary>
public sealed class Vocabulary
{
    /// <summary>The end-of-sentence token added at the end of every line.</summary>
    public const string EndOfSentence = "<eos>";

    /// <summary>The unknown-word token that PTB and WikiText use for rare words.</summary>
    public const string Unknown = "<unk>";

    private readonly List<string> _words = [];
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    /// <summary>The number of word types.</summary>
    public int Count => _words.Count;

    /// <summary>Word types by id.</summary>
    public IReadOnlyList<string> Words => _words;

    /// <summary>The id of <paramref name="word"/>, or -1 when it is not in the vocabulary.</summary>
    public int IdOf(string word) => _ids.TryGetValue(word, out var id) ? id : -1;

    /// <summary>Whether <paramref name="word"/> has an id.</summary>
    public bool Contains(string word) => _ids.ContainsKey(word);

    /// <summary>The id of <paramref name="word"/>, adding it when it is new.</summary>
    internal int Add(string word)
    {
        if (_ids.TryGetValue(word, out var id)) return id;
        id = _words.Count;
        _words.Add(word);
        _ids.Add(word, id);
        return id;
    }
}
