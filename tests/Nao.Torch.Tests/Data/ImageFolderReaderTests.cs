using Nao.Data;
using SkiaSharp;

namespace Nao.Tests.Data;

public sealed class ImageFolderReaderTests : IDisposable
{
    private readonly TestFolder folder = new();
    private readonly ImageFolderCache cache = new();

    public void Dispose() => folder.Dispose();

    private ImageDatasetSplits Read(ImageFolderOptions? options = null) => ImageFolderReader.Read(folder.Path, options, cache);

    [Fact]
    public void Classes_are_the_folders_sorted_by_name_and_each_image_carries_its_folders_label()
    {
        ImageFolderFiles.Solid(folder.File("cat/a.png"), 8, new SKColor(200, 0, 0));
        ImageFolderFiles.Solid(folder.File("ant/a.jpg"), 8, new SKColor(0, 200, 0));
        ImageFolderFiles.Solid(folder.File("ant/b.JPEG"), 8, new SKColor(0, 200, 0));
        ImageFolderFiles.Solid(folder.File("bee/a.png"), 8, new SKColor(0, 0, 200));
        File.WriteAllText(folder.File("bee/notes.txt"), "ignored");

        var splits = Read();

        Assert.Equal("folder", splits.Name);
        Assert.Equal(["ant", "bee", "cat"], splits.ClassNames);
        var train = splits.Train;
        Assert.Equal((4, 3, 8, 8, 3), (train.Count, train.Channels, train.Height, train.Width, train.Classes));
        Assert.Null(splits.Dev);
        Assert.Null(splits.Test);
        for (var i = 0; i < train.Count; i++)
        {
            var image = train.Image(i).ToArray();
            // The brightest plane is the class's colour: ant green (plane 1), bee blue (2), cat red (0); JPEG is near, not exact.
            var planes = Enumerable.Range(0, 3).Select(c => (int)image[c * 64 + 27]).ToArray();
            var expected = train.Labels[i] switch { 0 => 1, 1 => 2, _ => 0 };
            Assert.Equal(expected, Array.IndexOf(planes, planes.Max()));
            Assert.InRange(planes.Max(), 190, 210);
        }
        Assert.Equal([2, 1, 1], Enumerable.Range(0, 3).Select(c => train.Labels.ToArray().Count(l => l == c)));
    }

    [Fact]
    public void An_image_size_resizes_the_shorter_side_and_crops_the_centre()
    {
        // 96 wide, 64 high: red, green and blue vertical thirds of 32 columns each.
        SKColor Thirds(int x, int y) => x < 32 ? SKColors.Red : x < 64 ? SKColors.Lime : SKColors.Blue;
        ImageFolderFiles.Write(folder.File("a/wide.png"), 96, 64, Thirds);
        ImageFolderFiles.Write(folder.File("b/wide.png"), 96, 64, Thirds);

        var train = Read(new ImageFolderOptions { ImageSize = 32 }).Train;

        // Shorter side 64 → 32, so the width becomes 48 and the crop keeps columns 8..39 of it: original columns 16..79.
        Assert.Equal((3, 32, 32), (train.Channels, train.Height, train.Width));
        var image = train.Image(0).ToArray();
        byte Red(int x) => image[10 * 32 + x];
        byte Green(int x) => image[1024 + 10 * 32 + x];
        byte Blue(int x) => image[2048 + 10 * 32 + x];
        Assert.True(Red(2) > 240 && Green(2) < 15, $"column 2 is red ({Red(2)}, {Green(2)})");
        Assert.True(Green(16) > 240 && Red(16) < 15 && Blue(16) < 15, "column 16 is green");
        Assert.True(Blue(29) > 240 && Green(29) < 15, "column 29 is blue");
    }

    [Fact]
    public void One_channel_reads_grey_as_PIL_weights_the_colours()
    {
        ImageFolderFiles.Solid(folder.File("a/red.png"), 4, new SKColor(255, 0, 0));
        ImageFolderFiles.Solid(folder.File("b/white.png"), 4, new SKColor(255, 255, 255));

        var train = Read(new ImageFolderOptions { Channels = 1 }).Train;

        Assert.Equal(1, train.Channels);
        var byLabel = Enumerable.Range(0, 2).ToDictionary(i => train.Labels[i], i => train.Image(i)[5]);
        Assert.Equal(76, byLabel[0]);   // PIL: 255·299/1000
        Assert.Equal(255, byLabel[1]);
    }

    [Fact]
    public void A_dev_count_holds_out_a_stratified_sample_fixed_by_the_seed()
    {
        ImageFolderFiles.Classes(folder.Path, ["a", "b"], perClass: 10);

        var splits = Read(new ImageFolderOptions { DevCount = 4 });
        var again = ImageFolderReader.Read(folder.Path, new ImageFolderOptions { DevCount = 4 }, new ImageFolderCache());
        var other = Read(new ImageFolderOptions { DevCount = 4, Seed = 1 });

        Assert.Equal(16, splits.Train.Count);
        Assert.Equal(4, splits.Dev!.Count);
        Assert.Equal(2, splits.Dev.Labels.ToArray().Count(l => l == 0));
        Assert.Equal(splits.Dev.Pixels.ToArray(), again.Dev!.Pixels.ToArray());
        Assert.NotEqual(splits.Train.Pixels.ToArray(), other.Train.Pixels.ToArray());
        // A dev fraction of a quarter of 20 images is 5.
        Assert.Equal(5, Read(new ImageFolderOptions { DevFraction = 0.25 }).Dev!.Count);
    }

    [Fact]
    public void A_root_with_train_val_and_test_folders_reads_them_as_the_splits()
    {
        ImageFolderFiles.Classes(folder.File("train"), ["x", "y"], perClass: 3);
        ImageFolderFiles.Classes(folder.File("val"), ["x", "y"], perClass: 2);
        ImageFolderFiles.Classes(folder.File("test"), ["y"], perClass: 1);

        var splits = Read();

        Assert.Equal(["x", "y"], splits.ClassNames);
        Assert.Equal(6, splits.Train.Count);
        Assert.Equal(4, splits.Dev!.Count);
        Assert.Equal(1, splits.Test!.Count);
        Assert.Equal(1, splits.Test.Labels[0]);
        Assert.Equal(2, splits.Test.Classes);
        // The dev folder replaces a dev size; without one, the last devSize training images are the dev set.
        Assert.Same(splits.Dev, splits.TrainAndDev(100).Dev);
    }

    [Fact]
    public void A_second_read_of_an_unchanged_folder_comes_from_the_cache_and_a_changed_file_is_decoded_again()
    {
        ImageFolderFiles.Classes(folder.Path, ["a", "b"], perClass: 2);

        var first = Read();
        var second = Read();
        Assert.Same(first, second);
        Assert.Equal((1, 1), (cache.Hits, cache.Misses));

        ImageFolderFiles.Solid(folder.File("a/000.png"), 8, SKColors.White);
        File.SetLastWriteTimeUtc(folder.File("a/000.png"), DateTime.UtcNow.AddMinutes(1));
        var third = Read();
        Assert.NotSame(first, third);
        Assert.Equal(2, cache.Misses);
        // Other options are another entry.
        Read(new ImageFolderOptions { Channels = 1 });
        Assert.Equal(3, cache.Misses);
    }

    [Fact]
    public void A_corrupt_or_truncated_image_is_named()
    {
        ImageFolderFiles.Classes(folder.Path, ["a", "b"], perClass: 2);
        File.WriteAllBytes(folder.File("b/broken.png"), [1, 2, 3, 4, 5, 6, 7, 8]);
        var corrupt = Assert.Throws<InvalidDataException>(() => Read());
        Assert.Contains(folder.File("b/broken.png"), corrupt.Message);
        Assert.Contains("not a PNG or JPEG image", corrupt.Message);

        var png = File.ReadAllBytes(folder.File("a/000.png"));
        File.WriteAllBytes(folder.File("b/broken.png"), png[..(png.Length / 2)]);
        var truncated = Assert.Throws<InvalidDataException>(() => Read());
        Assert.Contains(folder.File("b/broken.png"), truncated.Message);
    }

    [Fact]
    public void A_class_folder_without_images_is_named_with_the_files_it_ignored()
    {
        ImageFolderFiles.Classes(folder.Path, ["a", "b"], perClass: 1);
        Directory.CreateDirectory(folder.File("c"));
        var empty = Assert.Throws<InvalidDataException>(() => Read());
        Assert.Contains($"{folder.File("c")} holds no .png, .jpg or .jpeg image (it is empty)", empty.Message);

        File.WriteAllText(folder.File("c/readme.gif"), "not read");
        var others = Assert.Throws<InvalidDataException>(() => Read());
        Assert.Contains("1 other file(s), e.g. readme.gif, which are ignored", others.Message);
    }

    [Fact]
    public void A_root_without_class_folders_or_with_one_class_says_what_layout_is_expected()
    {
        ImageFolderFiles.Solid(folder.File("loose.png"), 4, SKColors.Red);
        var none = Assert.Throws<InvalidDataException>(() => Read());
        Assert.Contains($"{folder.Path} holds no class folders", none.Message);
        Assert.Contains("ROOT/CLASS/*.png", none.Message);

        ImageFolderFiles.Solid(folder.File("only/a.png"), 4, SKColors.Red);
        var one = Assert.Throws<InvalidDataException>(() => Read());
        Assert.Contains("one class folder (only)", one.Message);
        Assert.Contains("at least 2 classes", one.Message);

        var missing = Assert.Throws<FileNotFoundException>(() => ImageFolderReader.Read(folder.File("nowhere"), cache: cache));
        Assert.Contains("nowhere: not found", missing.Message);
    }

    [Fact]
    public void Images_of_different_sizes_without_an_image_size_name_two_files_and_the_option()
    {
        ImageFolderFiles.Solid(folder.File("a/small.png"), 4, SKColors.Red);
        ImageFolderFiles.Solid(folder.File("b/large.png"), 6, SKColors.Red);

        var error = Assert.Throws<InvalidDataException>(() => Read());

        Assert.Contains($"{folder.File("a/small.png")} is 4×4 but {folder.File("b/large.png")} is 6×6", error.Message);
        Assert.Contains("imageSize=S", error.Message);
        Assert.Equal(4, Read(new ImageFolderOptions { ImageSize = 4 }).Train.Width);
    }

    [Fact]
    public void A_test_class_the_training_folder_lacks_is_refused()
    {
        ImageFolderFiles.Classes(folder.File("train"), ["x", "y"], perClass: 1);
        ImageFolderFiles.Classes(folder.File("test"), ["z"], perClass: 1);
        var error = Assert.Throws<InvalidDataException>(() => Read());
        Assert.Contains("is a class the training folder does not have (its classes: x, y)", error.Message);
    }

    [Theory]
    [InlineData(0, 3, null, null, "ImageSize must be at least 1")]
    [InlineData(null, 2, null, null, "Channels must be 3 (RGB) or 1 (grey)")]
    [InlineData(null, 3, 1.0, null, "DevFraction must be in (0, 1)")]
    [InlineData(null, 3, 0.1, 5, "Give one dev split")]
    public void Out_of_range_options_are_refused_with_the_field_named(int? size, int channels, double? fraction, int? count, string expected)
    {
        var options = new ImageFolderOptions { ImageSize = size, Channels = channels, DevFraction = fraction, DevCount = count };
        Assert.Contains(expected, Assert.Throws<ArgumentException>(options.Validate).Message);
    }
}
