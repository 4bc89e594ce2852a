using Nao.Data.Text;

namespace Nao.Torch.Tests.Data.Text;

/// <summary>Reads the real corpora from $NAO_DATA (default ../shared/data beside the repository) and checks the published counts.</summary>
[Trait("Category", "Slow")]
public sealed class RealCorpusTests
{
    [Theory]
    [InlineData("ptb", 929_589, 73_760, 82_430, 10_000)]
    [InlineData("wikitext2", 2_088_628, 217_646, 245_569, 33_278)]
    public void The_real_corpora_have_their_published_token_counts_and_vocabulary(string name, int train, int valid, int test, int vocabulary)
    {
        var dataset = TextDataset.Find(name)!;

        var corpus = TextCorpus.Load(dataset, Path.Combine(DataRoot(), dataset.FolderName));

        Assert.Equal(train, corpus.Train.Count);
        Assert.Equal(valid, corpus.Valid.Count);
        Assert.Equal(test, corpus.Test.Count);
        Assert.Equal(vocabulary, corpus.Vocabulary.Count);
    }

    private static string DataRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("NAO_DATA");
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return fromEnvironment;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Nao.slnx"))) return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
        }
        throw new DirectoryNotFoundException("Set NAO_DATA to the folder that holds ptb/ and wikitext-2/.");
    }
}
