using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Data.Text;

/// <summary>
/// The language-modelling batch layout of the PyTorch example, AWD-LSTM, ENAS and DARTS: the token stream is cut into
/// B equal contiguous columns (the remainder is dropped), so that row i holds token i of each column and the hidden
/// state carries from one BPTT window to the next.
/// </summary>
public static class TokenBatches
{
    /// <summary>
    /// Lays <paramref name="tokens"/> out as [N / B, B] int64 (column b is the b-th contiguous slice of the stream).
    /// At most <paramref name="limit"/> tokens are used when a limit is given.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than 2·B tokens: not even one input/target pair per column.</exception>
    public static Tensor Batchify(IReadOnlyList<long> tokens, int batchSize, long? limit = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var count = limit is { } l ? Math.Min(l, tokens.Count) : tokens.Count;
        var rows = count / batchSize;
        if (rows < 2)
        {
            throw new ArgumentException(
                $"{count:N0} tokens are too few for batch size {batchSize}: each of the {batchSize} columns needs at least 2 tokens. Use a smaller batch or more data.",
                nameof(tokens));
        }
        var used = rows * batchSize;
        var data = tokens is long[] array ? array.AsSpan(0, (int)used).ToArray() : tokens.Take((int)used).ToArray();
        // The stream fills column-major: [B, rows] then transposed, exactly data.view(bsz, -1).t() of the references.
        return torch.tensor(data, [batchSize, rows], ScalarType.Int64).t().contiguous();
    }

    /// <summary>
    /// The window starting at row <paramref name="start"/>: inputs rows [start, start + len), targets shifted by one.
    /// The length is cut so that the targets stay inside the data. Returns views [len, B].
    /// </summary>
    public static (Tensor Inputs, Tensor Targets) Window(Tensor batches, long start, long length)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var len = Math.Min(length, batches.shape[0] - 1 - start);
        if (len < 1) throw new ArgumentOutOfRangeException(nameof(start), start, "No target remains after this row.");
        return (batches.narrow(0, start, len), batches.narrow(0, start + 1, len));
    }
}
