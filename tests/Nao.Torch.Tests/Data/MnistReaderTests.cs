using Nao.Data;

namespace Nao.Tests.Data;

public sealed class MnistReaderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_four_idx_files_are_read_plain_or_gzipped(bool gzip)
    {
        using var folder = new TestFolder();
        OfficialFiles.WriteFolder(folder.Path, OfficialFiles.Mnist(train: 5, test: 3, gzip));
        var splits = MnistReader.Read(folder.Path, "fashion-mnist");
        Assert.Equal((5, 1, 28, 28, 10), (splits.Train.Count, splits.Train.Channels, splits.Train.Height, splits.Train.Width, splits.Train.Classes));
        Assert.Equal(3, splits.Test!.Count);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(OfficialFiles.Label(i, 10), splits.Train.Labels[i]);
            Assert.Equal(OfficialFiles.Pixel(i, 28 * 5 + 9), splits.Train.Image(i)[28 * 5 + 9]);
        }
        Assert.Equal(OfficialFiles.Label(100_002, 10), splits.Test.Labels[2]);
    }

    [Fact]
    public void Labels_and_images_that_disagree_in_count_are_rejected_naming_both_files()
    {
        using var folder = new TestFolder();
        var files = OfficialFiles.Mnist(train: 4, test: 2, gzip: false);
        files["train-labels-idx1-ubyte"] = OfficialFiles.Idx([3], i => 1);
        OfficialFiles.WriteFolder(folder.Path, files);
        var error = Assert.Throws<InvalidDataException>(() => MnistReader.Read(folder.Path, "mnist"));
        Assert.Contains("train-labels-idx1-ubyte is corrupt: it has 3 labels but train-images-idx3-ubyte has 4 images", error.Message);
    }

    [Fact]
    public void A_truncated_idx_file_is_rejected_with_the_byte_counts()
    {
        using var folder = new TestFolder();
        var files = OfficialFiles.Mnist(train: 4, test: 2, gzip: false);
        files["train-images-idx3-ubyte"] = files["train-images-idx3-ubyte"][..^10];
        OfficialFiles.WriteFolder(folder.Path, files);
        var error = Assert.Throws<InvalidDataException>(() => MnistReader.Read(folder.Path, "mnist"));
        Assert.Contains("train-images-idx3-ubyte is truncated or corrupt: the header promises 3,136 data bytes (4×28×28) but the file holds 3,126", error.Message);
    }

    [Fact]
    public void An_idx_file_cut_at_an_image_boundary_is_rejected_because_its_header_gives_the_count()
    {
        // The CIFAR reader needs the official record counts to see such a cut; IDX headers carry the count themselves.
        using var folder = new TestFolder();
        var files = OfficialFiles.Mnist(train: 4, test: 2, gzip: true);
        var images = OfficialFiles.Mnist(train: 4, test: 2, gzip: false)["train-images-idx3-ubyte"];
        files["train-images-idx3-ubyte.gz"] = OfficialFiles.Gzip(images[..^784]);
        OfficialFiles.WriteFolder(folder.Path, files);
        var error = Assert.Throws<InvalidDataException>(() => MnistReader.Read(folder.Path, "fashion-mnist"));
        Assert.Contains("train-images-idx3-ubyte.gz is truncated or corrupt: the header promises 3,136 data bytes (4×28×28) but the file holds 2,352", error.Message);
    }

    [Fact]
    public void A_file_with_a_wrong_magic_number_or_a_damaged_gzip_stream_is_rejected()
    {
        using var folder = new TestFolder();
        var files = OfficialFiles.Mnist(train: 2, test: 2, gzip: true);
        files["train-labels-idx1-ubyte.gz"] = OfficialFiles.Gzip([1, 2, 3, 4, 5, 6, 7, 8]);
        OfficialFiles.WriteFolder(folder.Path, files);
        Assert.Contains("IDX magic number", Assert.Throws<InvalidDataException>(() => MnistReader.Read(folder.Path, "mnist")).Message);

        files = OfficialFiles.Mnist(train: 2, test: 2, gzip: true);
        var images = files["train-images-idx3-ubyte.gz"];
        files["train-images-idx3-ubyte.gz"] = images[..(images.Length / 2)];
        OfficialFiles.WriteFolder(folder.Path, files);
        var error = Assert.Throws<InvalidDataException>(() => MnistReader.Read(folder.Path, "mnist"));
        Assert.Contains("train-images-idx3-ubyte.gz", error.Message);
    }

    [Fact]
    public void A_missing_training_file_is_named_and_a_missing_test_pair_only_drops_the_test_split()
    {
        using var folder = new TestFolder();
        var files = OfficialFiles.Mnist(train: 2, test: 2, gzip: true);
        files.Remove("t10k-images-idx3-ubyte.gz");
        files.Remove("t10k-labels-idx1-ubyte.gz");
        OfficialFiles.WriteFolder(folder.Path, files);
        Assert.Null(MnistReader.Read(folder.Path, "mnist").Test);
        File.Delete(folder.File("train-labels-idx1-ubyte.gz"));
        var error = Assert.Throws<FileNotFoundException>(() => MnistReader.Read(folder.Path, "mnist"));
        Assert.Contains("train-labels-idx1-ubyte", error.Message);
    }
}
