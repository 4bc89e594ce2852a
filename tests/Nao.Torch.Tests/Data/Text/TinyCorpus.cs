using Nao.Data.Text;

namespace Nao.Torch.Tests.Data.Text;

/// <summary>Tiny corpora in the PTB file format, written to a temporary folder for the tests.</summary>
internal static class TinyCorpus
{
    /// <summary>A short sentence repeated: easy to learn, so training must drive the loss down.</summary>
    public const string Repetitive = " the cat sat on the mat\n";

    /// <summary>Writes ptb.train.txt, ptb.valid.txt and ptb.test.txt into <paramref name="folder"/>.</summary>
    public static void WritePtb(string folder, string train, string valid, string test)
    {
        File.WriteAllText(Path.Combine(folder, TextDataset.Ptb.TrainFile), train);
        File.WriteAllText(Path.Combine(folder, TextDataset.Ptb.ValidFile), valid);
        File.WriteAllText(Path.Combine(folder, TextDataset.Ptb.TestFile), test);
    }

    /// <summary>A repetitive PTB-format corpus: <paramref name="trainLines"/> training lines, a tenth of that for valid and test.</summary>
    public static TextCorpus Repeating(TemporaryFolder folder, int trainLines = 120)
    {
        var valid = Math.Max(12, trainLines / 10);
        WritePtb(folder.Path, Repeat(trainLines), Repeat(valid), Repeat(valid));
        return TextCorpus.Load(TextDataset.Ptb, folder.Path);
    }

    private static string Repeat(int lines) => string.Concat(Enumerable.Repeat(Repetitive, lines));
}
