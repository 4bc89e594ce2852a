namespace Nao.Data.Text;

/// <summary>
/// A word-level corpus read from the PTB/WikiText token format: words split by white space, one sentence per line,
/// <c>&lt;eos&gt;</c> added at the end of every line (an empty line is a lone <c>&lt;eos&gt;</c>, a missing final
/// newline changes nothing). The vocabulary is built from the training file; validation and test words must be in it.
/// This is the reading of the PyTorch word language model example that ENAS, DARTS and NAO use, so token counts and
/// ids match theirs (PTB: 929,589 training tokens, 10,000 types).
/// </summary>
public sealed class TextCorpus
{
    private TextCorpus(Vocabulary vocabulary, long[] train, long[] valid, long[] test, string trainPath, string validPath, string testPath)
    {
        Vocabulary = vocabulary;
        Train = train;
        Valid = valid;
        Test = test;
        TrainPath = trainPath;
        ValidPath = validPath;
        TestPath = testPath;
    }

    /// <summary>The word types of the training file.</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>The training token stream (word ids).</summary>
    public IReadOnlyList<long> Train { get; }

    /// <summary>The validation token stream.</summary>
    public IReadOnlyList<long> Valid { get; }

    /// <summary>The test token stream.</summary>
    public IReadOnlyList<long> Test { get; }

    /// <summary>Where the training file was read from.</summary>
    public string TrainPath { get; }

    /// <summary>Where the validation file was read from.</summary>
    public string ValidPath { get; }

    /// <summary>Where the test file was read from.</summary>
    public string TestPath { get; }

    /// <summary>Reads <paramref name="dataset"/>'s three files from <paramref name="folder"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">A file is missing; the message lists the expected names.</exception>
    /// <exception cref="InvalidDataException">A file has no words, or a validation/test word is not in the vocabulary.</exception>
    public static TextCorpus Load(TextDataset dataset, string folder, UnknownWordPolicy unknownWords = UnknownWordPolicy.Error)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException(
                $"The {dataset.Name} folder '{folder}' does not exist. Give the folder that holds {dataset.TrainFile}, {dataset.ValidFile} and {dataset.TestFile}.");
        }
        string PathOf(string file)
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"'{path}' is missing: a {dataset.Name} folder must hold {dataset.TrainFile}, {dataset.ValidFile} and {dataset.TestFile}. "
                    + $"Check the folder, or pick the right corpus ({string.Join(", ", TextDataset.All.Select(d => d.Name))}).", path);
            }
            return path;
        }
        return Load(PathOf(dataset.TrainFile), PathOf(dataset.ValidFile), PathOf(dataset.TestFile), unknownWords);
    }

    /// <summary>Reads a corpus from three files in the PTB/WikiText format.</summary>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="InvalidDataException">A file has no words, or a validation/test word is not in the vocabulary.</exception>
    public static TextCorpus Load(string trainPath, string validPath, string testPath, UnknownWordPolicy unknownWords = UnknownWordPolicy.Error)
    {
        var vocabulary = new Vocabulary();
        var train = Read(trainPath, "training", word => vocabulary.Add(word));
        var unknownId = -1;
        if (unknownWords == UnknownWordPolicy.MapToUnknown)
        {
            unknownId = vocabulary.IdOf(Vocabulary.Unknown);
            if (unknownId < 0)
            {
                throw new InvalidDataException(
                    $"Unknown words can only be read as {Vocabulary.Unknown} when the training file '{trainPath}' contains {Vocabulary.Unknown}, and it does not.");
            }
        }
        Func<string, int, int> lookup = (word, line) => vocabulary.IdOf(word) is var id and >= 0 ? id
            : unknownId >= 0 ? unknownId
            : throw new InvalidDataException(UnknownWordMessage(word, line, trainPath, vocabulary.Count));
        var valid = Read(validPath, "validation", lookup);
        var test = Read(testPath, "test", lookup);
        return new TextCorpus(vocabulary, train, valid, test, trainPath, validPath, testPath);

        string UnknownWordMessage(string word, int line, string file, int count) =>
            $"the word '{word}' at line {line} is not in the vocabulary of the training file '{file}' ({count:N0} words). "
            + $"The vocabulary is closed: every validation and test word must occur in the training file. Replace rare words by {Vocabulary.Unknown}, "
            + $"as PTB and WikiText do, or read unknown words as {Vocabulary.Unknown} ({nameof(UnknownWordPolicy)}.{nameof(UnknownWordPolicy.MapToUnknown)}).";
    }

    private static long[] Read(string path, string role, Func<string, int> idOf) => Read(path, role, (word, _) => idOf(word));

    private static long[] Read(string path, string role, Func<string, int, int> idOf)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The {role} file '{path}' does not exist.", path);
        var tokens = new List<long>();
        var words = 0;
        var lineNumber = 0;
        var endOfSentence = -1;
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                lineNumber++;
                foreach (var word in SplitWords(line))
                {
                    tokens.Add(idOf(word, lineNumber));
                    words++;
                }
                // Looked up after the line's words so that a fresh vocabulary gives <eos> the id of its first appearance.
                if (endOfSentence < 0) endOfSentence = idOf(Vocabulary.EndOfSentence, lineNumber);
                tokens.Add(endOfSentence);
            }
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"The {role} file '{path}': {e.Message}", e);
        }
        if (words == 0)
        {
            throw new InvalidDataException(
                $"The {role} file '{path}' is empty: it has no words{(lineNumber > 0 ? $" in its {lineNumber} line(s)" : "")}. Give a file with one sentence per line, words separated by spaces.");
        }
        return [.. tokens];
    }

    // Python's str.split(): runs of white space separate words; leading and trailing white space is ignored.
    private static IEnumerable<string> SplitWords(string line)
    {
        var start = -1;
        for (var i = 0; i <= line.Length; i++)
        {
            var space = i == line.Length || char.IsWhiteSpace(line[i]);
            if (space && start >= 0)
            {
                yield return line[start..i];
                start = -1;
            }
            else if (!space && start < 0)
            {
                start = i;
            }
        }
    }
}
