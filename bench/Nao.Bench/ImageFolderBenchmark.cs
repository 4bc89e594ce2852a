using System.Diagnostics;
using System.Globalization;
using Nao.Data;
using Nao.Genotypes;
using Nao.Networks;
using Nao.SearchSpaces;
using Nao.Torch;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Bench;

/// <summary>
/// Decoding an image folder (<see cref="ImageFolderReader"/>, SkiaSharp) against training on it: images per second of
/// a cold read (nothing in Nao's cache; the files are in the OS page cache, having just been written) of 32×32 PNGs,
/// 32×32 JPEGs and 96×96 JPEGs resized to 64×64, and of a warm read (Nao's cache), next to the images per second of a
/// NAONet training step (default N=2, F=16, batch 64) at 32×32 and 64×64 on the same threads. No PyTorch reference:
/// the question is whether decoding can starve training.
/// </summary>
public sealed class ImageFolderBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "imagefolder";

    /// <inheritdoc />
    public string Description => "image-folder decoding (PNG, JPEG, resize 96->64) vs a NAONet training step (N=2, F=16, batch 64, 2 threads): images/s";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        var (images, threads, layers, filters, batch, steps) = (2000, 2, 2, 16, 64, 5);
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--images": images = value; break;
                case "--threads": threads = value; break;
                case "--layers": layers = value; break;
                case "--filters": filters = value; break;
                case "--batch": batch = value; break;
                case "--steps": steps = value; break;
                default: throw new ArgumentException($"Unknown option {args[i]}. Options: --images --threads --layers --filters --batch --steps.");
            }
        }
        TorchRuntime.Initialize(threads);
        Console.WriteLine($"imagefolder: {images} images per folder (2 classes), {Environment.ProcessorCount} cores seen, training on {threads} threads; NAONet N={layers}, F={filters}, batch {batch}, {steps} timed steps");
        var root = Directory.CreateTempSubdirectory("nao-bench-imagefolder-").FullName;
        try
        {
            foreach (var (label, extension, side, size) in new[] { ("32x32 png", "png", 32, (int?)null), ("32x32 jpeg", "jpg", 32, null), ("96x96 jpeg -> 64x64", "jpg", 96, 64) })
            {
                var folder = Path.Combine(root, $"{extension}{side}");
                var bytes = Write(folder, images, side, extension);
                var options = new ImageFolderOptions { ImageSize = size };
                var cache = new ImageFolderCache();
                var watch = Stopwatch.StartNew();
                var splits = ImageFolderReader.Read(folder, options, cache);
                var cold = watch.Elapsed.TotalSeconds;
                watch.Restart();
                _ = ImageFolderReader.Read(folder, options, cache);
                var warm = watch.Elapsed.TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"decode {label,-20} {images / cold,10:N0} images/s cold ({cold:F2} s, {bytes / 1e6:F1} MB of files), {images / warm,12:N0} images/s from the cache; {splits.Train.Height}x{splits.Train.Width}"));
            }
            foreach (var side in new[] { 32, 64 })
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"train  {side}x{side}x3 step       {TrainImagesPerSecond(side, layers, filters, batch, steps),10:N0} images/s"));
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
        return 0;
    }

    /// <summary>Writes <paramref name="count"/> images, half per class: smooth colour gradients with noise, as photos compress.</summary>
    private static long Write(string folder, int count, int side, string extension)
    {
        var random = new Random(0);
        long total = 0;
        for (var i = 0; i < count; i++)
        {
            var path = Path.Combine(folder, i % 2 == 0 ? "a" : "b", $"{i:D5}.{extension}");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var bitmap = new SKBitmap(side, side);
            var (r, g, b) = (random.Next(256), random.Next(256), random.Next(256));
            for (var y = 0; y < side; y++)
            {
                for (var x = 0; x < side; x++)
                {
                    byte Channel(int basis, int along) => (byte)Math.Clamp(basis + along * 128 / side + random.Next(-12, 13), 0, 255);
                    bitmap.SetPixel(x, y, new SKColor(Channel(r, x), Channel(g, y), Channel(b, x + y)));
                }
            }
            using var data = bitmap.Encode(extension == "png" ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg, 90);
            File.WriteAllBytes(path, data.ToArray());
            total += data.Size;
        }
        return total;
    }

    private static double TrainImagesPerSecond(int side, int layers, int filters, int batch, int steps)
    {
        torch.manual_seed(0);
        var genotype = (ConvGenotype)PublishedArchitectures.Get("NAONet").Genotype;
        using var network = new CellNetwork(genotype, new CellNetworkOptions { Layers = layers, Filters = filters });
        network.train();
        using var optimizer = torch.optim.SGD(network.parameters(), 0.024, momentum: 0.9, weight_decay: 5e-4);
        using var images = torch.randn(batch, 3, side, side);
        using var labels = torch.randint(0, 10, [batch], dtype: ScalarType.Int64);
        void Step()
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = torch.nn.functional.cross_entropy(network.call(images).Logits, labels);
            loss.backward();
            optimizer.step();
        }
        for (var i = 0; i < 2; i++) Step();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++) Step();
        return steps * batch / watch.Elapsed.TotalSeconds;
    }
}
