using System.Buffers.Binary;
using System.IO.Compression;

namespace Nao.Tests.Commands;

/// <summary>samples/FashionSearch run end to end in-process: on a tiny synthetic IDX set, and (slow) on Fashion-MNIST.</summary>
public sealed class FashionSearchSampleTests
{
    private static readonly string[] Tiny = ["--budget", "3", "--steps", "5", "--train-images", "96", "--dev-images", "32", "--threads", "1"];

    [Fact]
    public async Task The_sample_searches_a_tiny_synthetic_idx_set_and_a_second_call_resumes_the_finished_run()
    {
        using var temp = new TempFolder();
        WriteSyntheticIdx(temp["data"], images: 128);
        string[] args = ["--data", temp["data"], "--run", temp["run"], .. Tiny];

        var (code, output, error) = await RunSample(args);
        Assert.True(code == 0, error);
        Assert.Contains("best: ", output);
        Assert.Contains("block 2: ", output);
        Assert.True(File.Exists(Path.Combine(temp["run"], "run.db")));
        Assert.True(File.Exists(Path.Combine(temp["run"], "report.md")), output);
        Assert.Equal(3, error.Split('\n').Count(line => line.StartsWith('[')));

        var (again, outputAgain, _) = await RunSample(args);
        Assert.Equal(0, again);
        Assert.Equal(output.Split('\n')[0], outputAgain.Split('\n')[0]);
    }

    [Fact]
    public async Task The_sample_runs_nao_with_the_torch_controller_on_a_tiny_synthetic_idx_set()
    {
        using var temp = new TempFolder();
        WriteSyntheticIdx(temp["data"], images: 128);
        var (code, output, error) = await RunSample(["--data", temp["data"], "--run", temp["run"], "--strategy", "nao",
            "--budget", "6", "--steps", "3", "--train-images", "96", "--dev-images", "32", "--threads", "1"]);
        Assert.True(code == 0, error);
        Assert.Contains("best: ", output);
        Assert.Equal(6, error.Split('\n').Count(line => line.StartsWith('[')));
    }

    [Fact]
    public async Task A_missing_data_folder_exits_2_and_says_which_folder_and_what_it_needs()
    {
        using var temp = new TempFolder();
        var (code, _, error) = await RunSample(["--data", temp["nowhere"], "--run", temp["run"], .. Tiny]);
        Assert.Equal(2, code);
        Assert.Contains(temp["nowhere"], error);
        Assert.Contains("train-images-idx3-ubyte", error);
        Assert.False(Directory.Exists(temp["run"]));
    }

    [Fact]
    public async Task More_images_than_the_data_holds_exits_2_and_names_the_options_to_lower()
    {
        using var temp = new TempFolder();
        WriteSyntheticIdx(temp["data"], images: 64);
        var (code, _, error) = await RunSample(["--data", temp["data"], "--run", temp["run"], .. Tiny]);
        Assert.Equal(2, code);
        Assert.Contains("--train-images", error);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task The_sample_finds_a_network_above_chance_on_512_fashion_mnist_images_in_4_trials_of_20_steps()
    {
        using var temp = new TempFolder();
        var (code, output, error) = await RunSample(["--data", Path.Combine(RealData.Root, "fashion-mnist"), "--run", temp["run"],
            "--budget", "4", "--steps", "20", "--train-images", "512", "--dev-images", "256", "--threads", "1"]);
        Assert.True(code == 0, error);
        var best = double.Parse(output.Split("dev accuracy ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(best > 0.2, output); // chance is 0.1
    }

    private static async Task<(int Code, string Output, string Error)> RunSample(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await FashionSearch.Program.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>
    /// A Fashion-MNIST-shaped training set (gzipped IDX, 28×28, labels 0..3) that a CNN can learn: the class is the
    /// bright quadrant of a noisy image.
    /// </summary>
    private static void WriteSyntheticIdx(string folder, int images)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(7);
        var labels = new byte[images];
        var pixels = new byte[images * 28 * 28];
        for (var i = 0; i < images; i++)
        {
            labels[i] = (byte)(i % 4);
            for (var p = 0; p < 28 * 28; p++)
            {
                var (row, column) = (p / 28, p % 28);
                var bright = (row / 14) * 2 + column / 14 == labels[i];
                pixels[i * 28 * 28 + p] = (byte)((bright ? 150 : 40) + random.Next(60));
            }
        }
        WriteIdx(Path.Combine(folder, "train-images-idx3-ubyte.gz"), 0x0803, [images, 28, 28], pixels);
        WriteIdx(Path.Combine(folder, "train-labels-idx1-ubyte.gz"), 0x0801, [images], labels);
    }

    private static void WriteIdx(string path, int magic, int[] dimensions, byte[] data)
    {
        using var file = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        Span<byte> word = stackalloc byte[4];
        foreach (var value in (int[])[magic, .. dimensions])
        {
            BinaryPrimitives.WriteInt32BigEndian(word, value);
            file.Write(word);
        }
        file.Write(data);
    }
}
