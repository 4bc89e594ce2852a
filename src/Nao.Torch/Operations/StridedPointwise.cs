using static TorchSharp.torch;

namespace Nao.Operations;

/// <summary>
/// A strided 1×1 convolution computed as "keep every s-th pixel, then a stride-1 1×1 convolution": the same numbers
/// and the same weight shape, without libtorch's oneDNN kernel for strided 1×1 convolutions.
/// </summary>
/// <remarks>
/// In libtorch 2.10 on AVX2 CPUs without AVX-512 (the AMD EPYC machines this project runs on), the backward pass of a
/// stride-2 1×1 convolution on a channels-last input with 2 to 6 input channels writes outside its buffers: the
/// process dies with "corrupted size vs. prev_size" or "double free" a few steps later (README.md, "TorchSharp on
/// Debian 12"). Every other kernel, stride and channel count the cell ops use passed the same sweep under glibc's malloc
/// checks. A 1×1 convolution with stride s and no padding reads exactly the pixels (s·i, s·j), so slicing them out
/// first is exact; the slice is a quarter of the input, so it costs little.
/// </remarks>
public static class StridedPointwise
{
    /// <summary>
    /// The pixels a 1×1 convolution with strides (<paramref name="rowStride"/>, <paramref name="columnStride"/>) and no
    /// padding reads, starting at row and column <paramref name="offset"/>: [N, C, ⌈(H-offset)/sh⌉, ⌈(W-offset)/sw⌉].
    /// </summary>
    public static Tensor Subsample(Tensor input, long rowStride, long columnStride, long offset = 0)
    {
        if (rowStride == 1 && columnStride == 1 && offset == 0) return input.alias();
        using var rows = input.slice(2, offset, input.shape[2], rowStride);
        return rows.slice(3, offset, input.shape[3], columnStride);
    }
}
