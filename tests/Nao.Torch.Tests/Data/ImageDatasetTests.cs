using Nao.Data;
using Nao.SearchSpaces;
using Nao.Torch;
using TorchSharp;

namespace Nao.Tests.Data;

public sealed class ImageDatasetTests
{
    public ImageDatasetTests() => TorchTestSetup.Initialize();

    private static ImageDataset Counting(int count, int channels = 1, int size = 4) =>
        new("test", Enumerable.Range(0, count * channels * size * size).Select(i => (byte)(i / (channels * size * size))).ToArray(),
            Enumerable.Range(0, count).Select(i => i % 3).ToArray(), channels, size, size, 3);

    [Fact]
    public void The_dev_split_is_the_last_images_and_the_limit_takes_the_first()
    {
        var data = Counting(10);
        var (train, dev) = data.SplitDev(3);
        Assert.Equal(7, train.Count);
        Assert.Equal(3, dev.Count);
        Assert.Equal(7, dev.Image(0)[0]);
        Assert.Equal(9, dev.Image(2)[0]);
        var limited = train.Take(4);
        Assert.Equal(4, limited.Count);
        Assert.Equal(3, limited.Image(3)[0]);
        Assert.Same(train, train.Take(null));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.SplitDev(10));
    }

    [Fact]
    public void Unknown_data_set_names_list_the_valid_ones()
    {
        var error = Assert.Throws<UnknownNameException>(() => ImageDatasets.Load("imagenet", "."));
        Assert.Contains("cifar10, cifar100, fashion-mnist, mnist", error.Message);
        Assert.Equal("cifar-10", ImageDatasets.FolderName("CIFAR10"));
    }

    [Fact]
    public void Batches_are_normalized_with_the_given_statistics_when_not_augmented()
    {
        var data = Counting(4, channels: 2);
        var batcher = new ImageBatcher(data, ImageAugmentationOptions.None, ([0.5f, 0f], [0.25f, 1f]));
        using var scope = torch.NewDisposeScope();
        var (images, labels) = batcher.Load([2, 0], augment: null);
        Assert.Equal(new long[] { 2, 2, 4, 4 }, images.shape);
        Assert.Equal(new long[] { 2, 0 }, labels.data<long>().ToArray());
        Assert.Equal((2 / 255f - 0.5f) / 0.25f, images[0, 0, 1, 1].item<float>(), 5);
        Assert.Equal(2 / 255f, images[0, 1, 3, 3].item<float>(), 5);
    }

    [Fact]
    public void Crop_shifts_the_image_over_zero_padding_and_flip_mirrors_it()
    {
        // One 1×4×4 image whose pixel at (y, x) is 10y + x + 1.
        var pixels = Enumerable.Range(0, 16).Select(i => (byte)(10 * (i / 4) + i % 4 + 1)).ToArray();
        var data = new ImageDataset("one", pixels, new[] { 0 }, 1, 4, 4, 2);
        (float[], float[]) identity = ([0f], [1 / 255f]);
        var seen = new HashSet<string>();
        for (var seed = 0; seed < 40; seed++)
        {
            using var scope = torch.NewDisposeScope();
            var batcher = new ImageBatcher(data, new ImageAugmentationOptions { CropPadding = 2, HorizontalFlip = true }, identity);
            var image = batcher.Load([0], new Random(seed)).Images[0, 0];
            var values = image.data<float>().ToArray().Select(v => (int)MathF.Round(v)).ToArray();
            // Every non-zero pixel keeps its row neighbours: a shift (and maybe a mirror) of the original.
            var nonZero = values.Where(v => v != 0).ToArray();
            Assert.All(nonZero, v => Assert.Contains((byte)v, pixels));
            seen.Add(string.Join(',', values));
        }
        Assert.True(seen.Count > 5, "Crops and flips should vary between draws.");
    }

    [Fact]
    public void Cutout_zeroes_a_square_of_the_given_side_inside_the_image()
    {
        var data = new ImageDataset("ones", Enumerable.Repeat((byte)255, 16 * 16).ToArray(), new[] { 1 }, 1, 16, 16, 2);
        var batcher = new ImageBatcher(data, new ImageAugmentationOptions { CropPadding = 0, HorizontalFlip = false, CutoutSize = 4 }, ([0f], [1f]));
        using var scope = torch.NewDisposeScope();
        var zeros = Enumerable.Range(0, 30).Select(seed => batcher.Load([0], new Random(seed)).Images.eq(0).sum().item<long>()).ToArray();
        Assert.All(zeros, z => Assert.InRange(z, 4, 16));
        Assert.Contains(16L, zeros);
        Assert.Equal(0, batcher.Load([0], augment: null).Images.eq(0).sum().item<long>());
    }

    [Fact]
    public void Shuffled_batches_cover_every_image_once_and_drop_a_last_batch_of_one()
    {
        var batcher = new ImageBatcher(Counting(9), ImageAugmentationOptions.None, ([0f], [1f]));
        var batches = batcher.Batches(4, new Random(1)).ToList();
        Assert.Equal(2, batches.Count);
        Assert.Equal(2, batcher.BatchCount(4, training: true));
        Assert.Equal(8, batches.SelectMany(b => b).Distinct().Count());
        Assert.Equal(9, batcher.Batches(4, shuffle: null).SelectMany(b => b).Count());
    }

    [Fact]
    public void Channel_statistics_are_computed_from_the_pixels()
    {
        var pixels = new byte[2 * 2 * 2 * 2];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)((i / 4) % 2 == 0 ? 0 : 255);
        var data = new ImageDataset("halves", pixels, new[] { 0, 1 }, 2, 2, 2, 2);
        var (mean, std) = ImageStatistics.Compute(data);
        Assert.Equal(0f, mean[0], 5);
        Assert.Equal(1f, mean[1], 5);
        Assert.Equal(0f, std[1], 3);
    }
}
