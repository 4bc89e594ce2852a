using Nao.Tests;
using Nao.Data.Text;

namespace Nao.Torch.Tests.Data.Text;

public sealed class TokenBatchesTests
{
    public TokenBatchesTests() => TorchTestSetup.Initialize();

    [Fact]
    public void Batchify_cuts_the_stream_into_contiguous_columns_and_drops_the_remainder()
    {
        long[] tokens = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

        using var batches = TokenBatches.Batchify(tokens, 2);

        Assert.Equal([5L, 2], batches.shape);
        Assert.Equal([0L, 5, 1, 6, 2, 7, 3, 8, 4, 9], batches.data<long>().ToArray());
    }

    [Fact]
    public void Batchify_uses_at_most_the_limit()
    {
        long[] tokens = [.. Enumerable.Range(0, 100).Select(i => (long)i)];

        using var batches = TokenBatches.Batchify(tokens, 3, limit: 10);

        Assert.Equal([3L, 3], batches.shape);
        Assert.Equal([0L, 3, 6], batches[0].data<long>().ToArray());
    }

    [Fact]
    public void Batchify_refuses_a_stream_too_short_for_the_batch_size()
    {
        var error = Assert.Throws<ArgumentException>(() => TokenBatches.Batchify([1, 2, 3], 2));

        Assert.Contains("batch size 2", error.Message);
    }

    [Fact]
    public void A_window_gives_inputs_and_targets_shifted_by_one_and_is_cut_at_the_end()
    {
        using var batches = TokenBatches.Batchify([.. Enumerable.Range(0, 10).Select(i => (long)i)], 1);

        var (inputs, targets) = TokenBatches.Window(batches, 6, 35);

        Assert.Equal([6L, 7, 8], inputs.data<long>().ToArray());
        Assert.Equal([7L, 8, 9], targets.data<long>().ToArray());
    }
}
