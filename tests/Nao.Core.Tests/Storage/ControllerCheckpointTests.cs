using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Nao.Experiments;
using Nao.Storage;
using Nao.Strategies;
using Nao.Tests.Experiments;
using Nao.Tests.Strategies;
using Nao.Search;

namespace Nao.Tests.Storage;

/// <summary>
/// A run folder loads a controller checkpoint only when it is the file saved after the fit the replay asks for; any
/// other file (copied from another round, damaged, truncated, fitted on other trials, saved by an older Nao) is not
/// loaded, and a one-line warning names it and why, so the round is refitted.
/// </summary>
public sealed class ControllerCheckpointTests : IDisposable
{
    private static readonly FitBinding Round1 = new(1, 101, "data-1");
    private static readonly FitBinding Round2 = new(2, 202, "data-2");

    private static readonly SearchOptions Options = new()
    {
        Strategy = "nao",
        Seed = 3,
        Controller = new JsonObject { ["epochs"] = 12 },
    };

    private readonly string _dir = Path.Combine(Directory.CreateTempSubdirectory("nao-ckpt-").FullName, "run");
    private readonly List<string> _warnings = [];

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_dir)!, recursive: true);

    private string FileOf(int round) => Path.Combine(_dir, "checkpoints", $"controller-round-{round}.bin");

    private RunStore CreateWithTwoRounds(bool costSidecar = false)
    {
        var store = RunStore.Create(_dir, Options);
        store.CheckpointWarning = _warnings.Add;
        using var optimizer = new FakeOptimizer(Searches.Space, _ => 0.5) { WritesCostSidecar = costSidecar };
        foreach (var binding in new[] { Round1, Round2 })
        {
            var report = optimizer.Fit([], binding.Seed, CancellationToken.None);
            store.Save(binding, optimizer, report);
        }
        return store;
    }

    private (bool Loaded, int Loads) Load(RunStore store, FitBinding binding)
    {
        using var fresh = new FakeOptimizer(Searches.Space, _ => 0.5);
        var loaded = store.TryLoad(binding, fresh);
        return (loaded, fresh.Loads);
    }

    [Fact]
    public void An_intact_checkpoint_of_the_same_fit_is_loaded_without_a_warning_also_after_reopening()
    {
        using (var store = CreateWithTwoRounds())
        {
            Assert.Equal((true, 1), Load(store, Round2));
        }
        using var reopened = RunStore.Open(_dir);
        reopened.CheckpointWarning = _warnings.Add;
        Assert.Equal((true, 1), Load(reopened, Round1));
        Assert.Equal((true, 1), Load(reopened, Round2));
        Assert.Empty(_warnings);
    }

    [Fact]
    public void A_checkpoint_copied_over_from_another_round_is_not_loaded_and_the_warning_names_both_rounds()
    {
        using var store = CreateWithTwoRounds();
        File.Copy(FileOf(1), FileOf(2), overwrite: true);

        Assert.Equal((false, 0), Load(store, Round2));

        var warning = Assert.Single(_warnings);
        Assert.Equal($"warning: {FileOf(2)} holds the controller of round 1, not of round 2 (a copy of round 1's checkpoint); " +
            "refitting round 2's controller from the stored trials and saving it again (the file is kept as controller-round-2.bin.rejected).", warning);
        // Kept aside, not lost, and the refit's place is free.
        Assert.Equal(File.ReadAllBytes(FileOf(1)), File.ReadAllBytes(FileOf(2) + RunStore.RejectedSuffix));
        Assert.False(File.Exists(FileOf(2)));
    }

    [Fact]
    public void A_checkpoint_with_a_flipped_byte_is_not_loaded_and_the_warning_says_it_is_damaged()
    {
        using var store = CreateWithTwoRounds();
        var bytes = File.ReadAllBytes(FileOf(2));
        bytes[^1] ^= 0x40;
        File.WriteAllBytes(FileOf(2), bytes);

        Assert.Equal((false, 0), Load(store, Round2));

        Assert.Contains($"{FileOf(2)} is damaged or replaced: its SHA-256 differs from that of the file saved after round 2's fit; refitting round 2's controller", Assert.Single(_warnings));
    }

    [Fact]
    public void A_truncated_checkpoint_is_not_loaded_and_the_warning_says_how_much_is_left()
    {
        using var store = CreateWithTwoRounds();
        var bytes = File.ReadAllBytes(FileOf(2));
        File.WriteAllBytes(FileOf(2), bytes[..^1]);

        Assert.Equal((false, 0), Load(store, Round2));

        Assert.Contains($"{FileOf(2)} is truncated: it has {bytes.Length - 1} of the {bytes.Length} bytes saved after round 2's fit; refitting", Assert.Single(_warnings));
    }

    [Fact]
    public void A_checkpoint_that_was_fitted_on_other_trials_or_another_seed_is_not_loaded()
    {
        using var store = CreateWithTwoRounds();

        Assert.Equal((false, 0), Load(store, Round2 with { Data = "other trials" }));
        // The rejected file was moved aside; put it back for the second case.
        File.Move(FileOf(2) + RunStore.RejectedSuffix, FileOf(2));
        Assert.Equal((false, 0), Load(store, Round2 with { Seed = 7 }));

        Assert.Equal(2, _warnings.Count);
        Assert.All(_warnings, w => Assert.Contains("was fitted on other trials or another seed than the replay of round 2 gives", w));
    }

    [Fact]
    public void A_missing_listed_checkpoint_warns_and_a_round_never_saved_does_not()
    {
        using var store = CreateWithTwoRounds();
        File.Delete(FileOf(2));

        Assert.Equal((false, 0), Load(store, Round2));
        Assert.Equal((false, 0), Load(store, new FitBinding(3, 1, "data-3")));

        Assert.Contains($"{FileOf(2)} is listed in the run but missing; refitting round 2's controller", Assert.Single(_warnings));
    }

    [Fact]
    public void A_checkpoint_of_an_older_nao_without_a_binding_is_refitted_and_the_refit_is_loadable_again()
    {
        using (CreateWithTwoRounds())
        {
        }
        // What a run folder of a Nao before bindings holds: the checkpoints table only.
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, RunStore.DatabaseFile)};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE controller_bindings";
            command.ExecuteNonQuery();
        }
        using var store = RunStore.Open(_dir);
        store.CheckpointWarning = _warnings.Add;

        Assert.Equal((false, 0), Load(store, Round2));
        Assert.Contains($"{FileOf(2)} was saved by an older Nao that did not record which trials it was fitted on; refitting", Assert.Single(_warnings));

        using var refitted = new FakeOptimizer(Searches.Space, _ => 0.5);
        store.Save(Round2, refitted, refitted.Fit([], Round2.Seed, CancellationToken.None));
        Assert.Equal((true, 1), Load(store, Round2));
        Assert.Single(_warnings);
        // The refit equals the older file, so the kept copy holds nothing more and is gone.
        Assert.False(File.Exists(FileOf(2) + RunStore.RejectedSuffix));
    }

    [Fact]
    public void A_checkpoint_whose_cost_heads_sidecar_changed_is_not_loaded_and_the_warning_names_the_sidecar()
    {
        using var store = CreateWithTwoRounds(costSidecar: true);
        Assert.Equal((true, 1), Load(store, Round2));
        File.WriteAllText(FileOf(2) + ".costs", "cost heads of fit 999");

        Assert.Equal((false, 0), Load(store, Round2));

        Assert.Contains($"{FileOf(2)} has damaged or replaced cost heads: the SHA-256 of controller-round-2.bin.costs differs from that of the file saved after round 2's fit; refitting round 2's controller", Assert.Single(_warnings));
        Assert.True(File.Exists(FileOf(2) + ".costs.rejected"));
    }

    [Fact]
    public void A_checkpoint_whose_cost_heads_sidecar_is_missing_is_not_loaded_and_its_refit_is_bound_again()
    {
        using var store = CreateWithTwoRounds(costSidecar: true);
        File.Delete(FileOf(1) + ".costs");

        Assert.Equal((false, 0), Load(store, Round1));
        using (var refit = new FakeOptimizer(Searches.Space, _ => 0.5) { WritesCostSidecar = true })
        {
            store.Save(Round1, refit, refit.Fit([], Round1.Seed, CancellationToken.None));
        }

        Assert.Contains($"{FileOf(1)} lost its cost heads: controller-round-1.bin.costs, saved with it after round 1's fit, is missing", Assert.Single(_warnings));
        Assert.Equal((true, 1), Load(store, Round1));
    }
}
