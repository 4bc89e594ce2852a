using Nao.Genotypes;
using Nao.SearchSpaces;
using Nao.Supernets;
using Nao.Tests.Data;

namespace Nao.Tests.Supernets;

public sealed class ConvSupernetPersistenceTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public ConvSupernetPersistenceTests() => TorchTestSetup.Initialize();

    public void Dispose() => _folder.Dispose();

    private static ConvSupernet Tiny(int seed, ConvSupernetSettings? settings = null) =>
        new(settings ?? SupernetTestData.Tiny, SupernetTestData.Images(), seed);

    private static Genotype[] Pool() =>
        [SupernetTestData.EveryInput, SupernetTestData.SharesFirstNode, SearchSpaceRegistry.Enas.Sample(new Random(4))];

    [Fact]
    public void A_loaded_supernet_scores_like_the_saved_one_and_keeps_training_identically()
    {
        var path = _folder.File("state/supernet.bin");
        using var original = Tiny(seed: 1);
        original.TrainEpoch(Pool(), seed: 10, CancellationToken.None);
        original.Save(path);
        // Only the target remains: the temporary file was renamed over it.
        Assert.Equal(["supernet.bin"], Directory.GetFiles(_folder.File("state")).Select(Path.GetFileName));

        using var restored = Tiny(seed: 2);
        Assert.NotEqual(SupernetTestData.Weights(original), SupernetTestData.Weights(restored));
        restored.Load(path);
        Assert.Equal(1, restored.CompletedEpochs);
        Assert.Equal(SupernetTestData.Weights(original), SupernetTestData.Weights(restored));
        Assert.Equal(Pool().Select(g => original.Score(g, default).Score), Pool().Select(g => restored.Score(g, default).Score));

        // The momentum buffers came along (without them the first steps would differ): the next epoch is the same on
        // both sides, and the counter goes on.
        var next = original.TrainEpoch(Pool(), seed: 11, CancellationToken.None);
        var resumed = restored.TrainEpoch(Pool(), seed: 11, CancellationToken.None);
        Assert.Equal(2, resumed.Epoch);
        Assert.Equal(next.Loss, resumed.Loss);
        Assert.Equal(SupernetTestData.Weights(original), SupernetTestData.Weights(restored));
    }

    [Fact]
    public void Saving_again_replaces_the_file_atomically()
    {
        var path = _folder.File("supernet.bin");
        using var supernet = Tiny(seed: 1);
        supernet.Save(path);
        supernet.TrainEpoch(Pool(), seed: 1, CancellationToken.None);
        supernet.Save(path);
        using var restored = Tiny(seed: 3);
        restored.Load(path);
        Assert.Equal(1, restored.CompletedEpochs);
        Assert.Single(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void Loading_a_corrupt_or_truncated_file_throws_invalid_data_naming_the_file_and_changes_nothing()
    {
        var path = _folder.File("supernet.bin");
        using var supernet = Tiny(seed: 1);
        supernet.Save(path);
        var bytes = File.ReadAllBytes(path);
        using var target = Tiny(seed: 2);
        var before = SupernetTestData.Weights(target);

        var corrupt = _folder.File("corrupt.bin");
        var flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 2] ^= 0x55;
        File.WriteAllBytes(corrupt, flipped);
        var error = Assert.Throws<InvalidDataException>(() => target.Load(corrupt));
        Assert.Contains(corrupt, error.Message);
        Assert.Contains("checksum", error.Message);

        var truncated = _folder.File("truncated.bin");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 3)]);
        error = Assert.Throws<InvalidDataException>(() => target.Load(truncated));
        Assert.Contains(truncated, error.Message);
        Assert.Contains("truncated", error.Message);

        var other = _folder.File("other.bin");
        File.WriteAllText(other, "not a supernet");
        error = Assert.Throws<InvalidDataException>(() => target.Load(other));
        Assert.Contains(other, error.Message);
        Assert.Contains("NAOSUPN", error.Message);

        Assert.Throws<FileNotFoundException>(() => target.Load(_folder.File("missing.bin")));
        Assert.Equal(before, SupernetTestData.Weights(target));
        Assert.Equal(0, target.CompletedEpochs);
    }

    [Theory]
    [InlineData("filters")]
    [InlineData("ops")]
    [InlineData("learningRate")]
    public void Loading_a_file_of_other_settings_throws_invalid_data_naming_the_file(string changed)
    {
        var path = _folder.File("supernet.bin");
        using (var supernet = Tiny(seed: 1)) supernet.Save(path);
        var settings = changed switch
        {
            "filters" => SupernetTestData.Tiny with { Filters = 6 },
            "ops" => SupernetTestData.Tiny with { Ops = "sep3x3,identity" },
            _ => SupernetTestData.Tiny with { LearningRate = 0.2 },
        };
        using var other = Tiny(seed: 1, settings);
        var error = Assert.Throws<InvalidDataException>(() => other.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("other settings", error.Message);
    }

    [Fact]
    public void The_data_path_and_the_spelling_of_the_ops_are_not_part_of_the_fingerprint()
    {
        var path = _folder.File("supernet.bin");
        using (var supernet = Tiny(seed: 1, SupernetTestData.Tiny with { DataPath = "/somewhere", Ops = "sep3,skip" })) supernet.Save(path);
        using var moved = Tiny(seed: 2, SupernetTestData.Tiny with { DataPath = "/elsewhere", Ops = "identity, sep3x3" });
        moved.Load(path);
        Assert.Equal(0, moved.CompletedEpochs);
    }
}
