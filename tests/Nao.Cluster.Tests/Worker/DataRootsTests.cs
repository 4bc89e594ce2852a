using Nao.Cluster.Worker;
using Nao.Tests.Support;

namespace Nao.Tests.Worker;

public sealed class DataRootsTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _data;
    private readonly string _other;

    public DataRootsTests()
    {
        _data = _temp.Combine("data");
        _other = _temp.Combine("other");
        Directory.CreateDirectory(Path.Combine(_data, "cifar-10"));
        Directory.CreateDirectory(_other);
        File.WriteAllText(Path.Combine(_other, "table.csv"), "x");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void An_absolute_path_outside_every_root_is_rejected_with_the_roots_and_the_fix()
    {
        var roots = new DataRoots([_data]);
        var e = Assert.Throws<RequestRejectedException>(() => roots.Resolve("/etc/passwd", "benchmark file"));
        Assert.Contains("'/etc/passwd' lies outside this worker's data roots", e.Message);
        Assert.Contains(_data, e.Message);
        Assert.Contains("--data-root", e.Message);
    }

    [Fact]
    public void A_relative_path_that_climbs_out_of_a_root_is_rejected()
    {
        var roots = new DataRoots([_data]);
        Assert.Throws<RequestRejectedException>(() => roots.Resolve("../other/table.csv", "benchmark file"));
        Assert.Throws<RequestRejectedException>(() => roots.Resolve(_data + "/cifar-10/../../other/table.csv", "benchmark file"));
    }

    [Fact]
    public void A_sibling_folder_that_shares_the_roots_prefix_is_outside()
    {
        Directory.CreateDirectory(_data + "-secret");
        var roots = new DataRoots([_data]);
        Assert.Throws<RequestRejectedException>(() => roots.Resolve(_data + "-secret/key", "setting 'dataDir'"));
    }

    [Fact]
    public void Paths_inside_a_root_resolve_to_full_paths_and_relative_ones_are_found_in_any_root()
    {
        var roots = new DataRoots([_data, _other]);
        Assert.Equal(Path.Combine(_data, "cifar-10"), roots.Resolve(Path.Combine(_data, "cifar-10"), "data"));
        Assert.Equal(Path.Combine(_data, "cifar-10"), roots.Resolve("cifar-10", "data"));
        Assert.Equal(Path.Combine(_other, "table.csv"), roots.Resolve("table.csv", "benchmark file"));
        // Not found anywhere: resolved in the first root, for the evaluator to report.
        Assert.Equal(Path.Combine(_data, "missing.csv"), roots.Resolve("missing.csv", "benchmark file"));
    }

    [Fact]
    public void A_worker_without_data_roots_rejects_every_path_and_says_how_to_allow_them()
    {
        var roots = new DataRoots([]);
        var e = Assert.Throws<RequestRejectedException>(() => roots.Resolve("cifar-10", "setting 'dataDir'"));
        Assert.Contains("no data roots", e.Message);
        Assert.Contains("--data-root", e.Message);
    }

    [Fact]
    public void A_data_root_that_does_not_exist_is_refused_at_start()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => new DataRoots([_temp.Combine("nope")]));
        Assert.Contains("--data-root", e.Message);
    }
}
