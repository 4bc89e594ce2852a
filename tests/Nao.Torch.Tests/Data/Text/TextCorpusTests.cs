using Nao.Data.Text;

namespace Nao.Torch.Tests.Data.Text;

public sealed class TextCorpusTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Words_are_split_on_white_space_and_every_line_ends_with_eos_in_order_of_first_appearance()
    {
        TinyCorpus.WritePtb(_folder.Path, " a b  a\n c\ta b \n", " b a\n", " c\n");

        var corpus = TextCorpus.Load(TextDataset.Ptb, _folder.Path);

        Assert.Equal(["a", "b", "<eos>", "c"], corpus.Vocabulary.Words);
        Assert.Equal([0L, 1, 0, 2, 3, 0, 1, 2], corpus.Train);
        Assert.Equal([1L, 0, 2], corpus.Valid);
        Assert.Equal([3L, 2], corpus.Test);
    }

    [Fact]
    public void Unk_is_an_ordinary_word_of_the_vocabulary()
    {
        TinyCorpus.WritePtb(_folder.Path, " the <unk> sat\n", " <unk> the\n", " sat <unk>\n");

        var corpus = TextCorpus.Load(TextDataset.Ptb, _folder.Path);

        var unk = corpus.Vocabulary.IdOf(Vocabulary.Unknown);
        Assert.Equal(1, unk);
        Assert.Equal([(long)unk, 0, 3], corpus.Valid);
    }

    [Fact]
    public void An_empty_line_is_a_lone_eos_as_in_WikiText()
    {
        TinyCorpus.WritePtb(_folder.Path, "a b\n\n \nc\n", "a\n", "b\n");

        var corpus = TextCorpus.Load(TextDataset.Ptb, _folder.Path);

        var eos = corpus.Vocabulary.IdOf(Vocabulary.EndOfSentence);
        Assert.Equal([0L, 1, eos, eos, eos, 3, eos], corpus.Train);
    }

    [Fact]
    public void A_missing_final_newline_gives_the_same_tokens_and_crlf_reads_like_lf()
    {
        TinyCorpus.WritePtb(_folder.Path, "a b\nc d\n", "a\n", "b\n");
        var withNewline = TextCorpus.Load(TextDataset.Ptb, _folder.Path);
        TinyCorpus.WritePtb(_folder.Path, "a b\r\nc d", "a", "b");
        var without = TextCorpus.Load(TextDataset.Ptb, _folder.Path);

        Assert.Equal(withNewline.Train, without.Train);
        Assert.Equal(withNewline.Valid, without.Valid);
        Assert.Equal(6, without.Train.Count);
    }

    [Fact]
    public void A_valid_word_absent_from_the_training_vocabulary_fails_naming_file_line_word_and_the_fix()
    {
        TinyCorpus.WritePtb(_folder.Path, "a b\n", "a\nb zebra\n", "a\n");

        var error = Assert.Throws<InvalidDataException>(() => TextCorpus.Load(TextDataset.Ptb, _folder.Path));

        Assert.Contains("ptb.valid.txt", error.Message);
        Assert.Contains("'zebra'", error.Message);
        Assert.Contains("line 2", error.Message);
        Assert.Contains("<unk>", error.Message);
    }

    [Fact]
    public void Unknown_words_can_be_read_as_unk_when_the_training_file_has_unk()
    {
        TinyCorpus.WritePtb(_folder.Path, "a <unk>\n", "zebra a\n", "a\n");

        var corpus = TextCorpus.Load(TextDataset.Ptb, _folder.Path, UnknownWordPolicy.MapToUnknown);

        Assert.Equal([1L, 0, 2], corpus.Valid);
    }

    [Fact]
    public void Reading_unknown_words_as_unk_fails_clearly_when_the_training_file_has_no_unk()
    {
        TinyCorpus.WritePtb(_folder.Path, "a b\n", "zebra\n", "a\n");

        var error = Assert.Throws<InvalidDataException>(() => TextCorpus.Load(TextDataset.Ptb, _folder.Path, UnknownWordPolicy.MapToUnknown));

        Assert.Contains("does not", error.Message);
        Assert.Contains("<unk>", error.Message);
    }

    [Fact]
    public void A_missing_file_fails_naming_the_path_and_the_three_expected_files()
    {
        File.WriteAllText(Path.Combine(_folder.Path, "ptb.train.txt"), "a\n");
        File.WriteAllText(Path.Combine(_folder.Path, "ptb.valid.txt"), "a\n");

        var error = Assert.Throws<FileNotFoundException>(() => TextCorpus.Load(TextDataset.Ptb, _folder.Path));

        Assert.Contains(Path.Combine(_folder.Path, "ptb.test.txt"), error.Message);
        Assert.Contains("ptb.train.txt, ptb.valid.txt and ptb.test.txt", error.Message);
    }

    [Fact]
    public void A_missing_folder_fails_naming_it()
    {
        var missing = Path.Combine(_folder.Path, "nowhere");

        var error = Assert.Throws<DirectoryNotFoundException>(() => TextCorpus.Load(TextDataset.WikiText2, missing));

        Assert.Contains(missing, error.Message);
        Assert.Contains("wiki.train.tokens", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n \n\t\n")]
    public void An_empty_file_fails_saying_it_is_empty(string content)
    {
        TinyCorpus.WritePtb(_folder.Path, "a\n", content, "a\n");

        var error = Assert.Throws<InvalidDataException>(() => TextCorpus.Load(TextDataset.Ptb, _folder.Path));

        Assert.Contains("ptb.valid.txt", error.Message);
        Assert.Contains("empty", error.Message);
    }

    [Theory]
    [InlineData("ptb", "ptb.train.txt")]
    [InlineData("wikitext2", "wiki.train.tokens")]
    [InlineData("WikiText-2", "wiki.train.tokens")]
    public void Datasets_are_found_by_name(string name, string trainFile)
    {
        Assert.Equal(trainFile, TextDataset.Find(name)!.TrainFile);
    }

    [Fact]
    public void An_unknown_dataset_name_is_not_found()
    {
        Assert.Null(TextDataset.Find("imdb"));
    }
}
