using System.IO.Compression;
using Nao.Benchmarks;
using Nao.SearchSpaces;

namespace Nao.Tests.Benchmarks;

public sealed class TabularBenchmarkTests
{
    private const string Header = "nb201_index,arch_str,op_code,c10valid_val200_mean,c10valid_val200_nseeds";
    private const string ArchA = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
    private const string ArchB = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";

    [Fact]
    public void The_embedded_table_holds_all_15625_nb201_architectures_with_the_200_and_12_epoch_metrics()
    {
        var table = TabularBenchmark.Nb201;
        Assert.Equal(15_625, table.Count);
        Assert.Equal(["c10valid_val200_mean", "c100_val200_mean", "in16_val200_mean", "c10valid_val12", "c100_val12", "in16_val12"], table.Metrics);
        // The best values the benchmark README states.
        Assert.Equal(91.607, table.Best(), 3);
        Assert.Equal(73.493, table.Best("c100_val200_mean"), 3);
        Assert.Equal(46.733, table.Best("in16_val200_mean"), 3);
    }

    [Fact]
    public void A_csv_file_loads_and_looks_up_by_architecture_in_any_branch_order()
    {
        using var file = new TempFile(Header + "\n0," + ArchA + ",1,90.5,3\n1," + ArchB + ",0,10.0,3\n");
        var table = TabularBenchmark.Load(file.Path);
        Assert.Equal(["c10valid_val200_mean"], table.Metrics);
        Assert.Equal(90.5, table.Lookup(SearchSpaceRegistry.Nb201.Parse(ArchA)));
        Assert.Equal(10.0, table.Lookup(SearchSpaceRegistry.Nb201.Parse(ArchB)));
        Assert.Null(table.Lookup(SearchSpaceRegistry.Nb201.Parse(ArchA.Replace("avg_pool_3x3~1", "none~1"))));
    }

    [Fact]
    public void A_gzipped_csv_loads_too()
    {
        using var file = new TempFile(null, ".csv.gz");
        using (var gzip = new GZipStream(File.Create(file.Path), CompressionLevel.Fastest))
        using (var writer = new StreamWriter(gzip))
        {
            writer.Write(Header + "\n0," + ArchA + ",1,90.5,3\n");
        }
        Assert.Equal(1, TabularBenchmark.Load(file.Path).Count);
    }

    [Fact]
    public void A_missing_file_names_the_path_and_the_fix()
    {
        var error = Assert.Throws<FileNotFoundException>(() => TabularBenchmark.Load("/nonexistent/nb201.csv"));
        Assert.Contains("/nonexistent/nb201.csv", error.Message);
        Assert.Contains("embedded table", error.Message);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("a,b,c\n1,2,3\n", "no 'arch_str' column")]
    [InlineData(Header + "\n0," + ArchA + ",1,abc,3\n", "line 2: column c10valid_val200_mean holds 'abc'")]
    [InlineData(Header + "\n0,|bad~0|,1,1.0,3\n", "line 2: bad architecture")]
    [InlineData(Header + "\n0," + ArchA + ",1,1.0\n", "line 2: 4 columns")]
    [InlineData(Header + "\n0," + ArchA + ",1,1.0,3\n1," + ArchA + ",1,2.0,3\n", "line 3: architecture")]
    [InlineData(Header + "\n", "no rows")]
    public void A_corrupt_table_fails_with_the_line_and_the_problem(string content, string expected)
    {
        using var file = new TempFile(content);
        var error = Assert.Throws<InvalidDataException>(() => TabularBenchmark.Load(file.Path));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void An_unknown_metric_lists_the_valid_ones()
    {
        var error = Assert.Throws<UnknownNameException>(() => TabularBenchmark.Nb201.Lookup(TabularBenchmark.Nb201.Architectures[0], "accuracy"));
        Assert.Contains("c10valid_val200_mean, c100_val200_mean, in16_val200_mean, c10valid_val12", error.Message);
    }

    private sealed class TempFile : IDisposable
    {
        public TempFile(string? content, string extension = ".csv")
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"nao-test-{Guid.NewGuid():N}{extension}");
            if (content is not null) File.WriteAllText(Path, content);
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }
}
