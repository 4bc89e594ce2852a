using Nao.Genotypes;
using Nao.Supernets;
using Nao.Tests;
using static Nao.Torch.Tests.Supernets.RecurrentSupernetTestData;

namespace Nao.Torch.Tests.Supernets;

public sealed class RecurrentSupernetPersistenceTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public RecurrentSupernetPersistenceTests() => TorchTestSetup.Initialize();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_loaded_state_scores_identically_and_continues_training_as_the_uninterrupted_supernet()
    {
        var corpus = Corpus(_folder);
        var pool = RandomPool(4, seed: 1);
        var path = Path.Combine(_folder.Path, "state", "supernet.bin");
        using var straight = new RecurrentSupernet(Settings(_folder.Path), corpus, seed: 1);
        straight.TrainEpoch(pool, seed: 1, CancellationToken.None);
        straight.Save(path);
        var savedScores = pool.Select(g => straight.Score(g, CancellationToken.None).Score).ToArray();

        // Another initialization proves that the weights come from the file.
        using var resumed = new RecurrentSupernet(Settings(_folder.Path), corpus, seed: 99);
        Assert.NotEqual(savedScores[0], resumed.Score(pool[0], CancellationToken.None).Score);
        resumed.Load(path);

        Assert.Equal(1, resumed.Epoch);
        Assert.Equal(savedScores, pool.Select(g => resumed.Score(g, CancellationToken.None).Score));
        var next = straight.TrainEpoch(pool, seed: 2, CancellationToken.None);
        var nextResumed = resumed.TrainEpoch(pool, seed: 2, CancellationToken.None);
        Assert.Equal(next, nextResumed with { Duration = next.Duration });
        Assert.Equal(2, nextResumed.Epoch);
        Assert.Equal(pool.Select(g => straight.Score(g, CancellationToken.None).Score), pool.Select(g => resumed.Score(g, CancellationToken.None).Score));
        Assert.DoesNotContain(Directory.GetFiles(Path.GetDirectoryName(path)!), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void A_corrupt_file_is_refused_naming_it()
    {
        var path = SavedState("corrupt.bin");
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
        using var supernet = Supernet();

        var error = Assert.Throws<InvalidDataException>(() => supernet.Load(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("checksum", error.Message);
    }

    [Fact]
    public void A_truncated_file_is_refused_naming_it()
    {
        var path = SavedState("truncated.bin");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);
        using var supernet = Supernet();

        var error = Assert.Throws<InvalidDataException>(() => supernet.Load(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void A_file_that_is_no_supernet_state_is_refused_naming_it()
    {
        var path = Path.Combine(_folder.Path, "other.bin");
        File.WriteAllText(path, "these are not the weights you are looking for");
        using var supernet = Supernet();

        var error = Assert.Throws<InvalidDataException>(() => supernet.Load(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("not a Nao recurrent supernet file", error.Message);
    }

    [Theory]
    [InlineData("hidden")]
    [InlineData("devBatches")]
    [InlineData("learningRate")]
    public void A_file_of_other_settings_is_refused_naming_it(string changed)
    {
        var path = SavedState("settings.bin");
        var settings = changed switch
        {
            "hidden" => Settings(_folder.Path) with { Hidden = 6 },
            "devBatches" => Settings(_folder.Path) with { DevBatches = 1 },
            _ => Settings(_folder.Path) with { LearningRate = 1 },
        };
        using var supernet = new RecurrentSupernet(settings, Corpus(_folder), seed: 1);
        var before = supernet.Score(NaoRnn(), CancellationToken.None).Score;

        var error = Assert.Throws<InvalidDataException>(() => supernet.Load(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("other settings", error.Message);
        Assert.Equal(before, supernet.Score(NaoRnn(), CancellationToken.None).Score);
        Assert.Equal(0, supernet.Epoch);
    }

    [Fact]
    public void A_moved_corpus_folder_still_loads_the_state()
    {
        var path = SavedState("moved.bin");
        var elsewhere = Directory.CreateDirectory(Path.Combine(_folder.Path, "elsewhere")).FullName;
        foreach (var file in Directory.GetFiles(_folder.Path, "ptb.*")) File.Copy(file, Path.Combine(elsewhere, Path.GetFileName(file)));
        using var supernet = RecurrentSupernet.Create(Settings(elsewhere), seed: 3);

        supernet.Load(path);

        Assert.Equal(1, supernet.Epoch);
    }

    [Fact]
    public void A_missing_file_fails_with_FileNotFoundException_naming_it()
    {
        using var supernet = Supernet();
        var path = Path.Combine(_folder.Path, "absent.bin");

        var error = Assert.Throws<FileNotFoundException>(() => supernet.Load(path));

        Assert.Contains(path, error.Message);
    }

    private string SavedState(string name)
    {
        var path = Path.Combine(_folder.Path, name);
        using var supernet = Supernet();
        supernet.TrainEpoch([NaoRnn(), EnasRnn()], seed: 1, CancellationToken.None);
        supernet.Save(path);
        return path;
    }

    private RecurrentSupernet Supernet() => new(Settings(_folder.Path), Corpus(_folder), seed: 2);
}
