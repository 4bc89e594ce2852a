using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Torch;

/// <summary>One kernel comparison: what ran, and its largest error relative to the reference's largest magnitude.</summary>
/// <param name="Kernel">The kernel and its shape, for example <c>conv2d nchw 3x3 C=24 8x8</c>.</param>
/// <param name="Pass">What was compared: <c>forward</c>, <c>inference</c>, <c>input gradient</c>, <c>weight gradient</c>.</param>
/// <param name="RelativeError">max |ours − reference| / max |reference|.</param>
public sealed record KernelComparison(string Kernel, string Pass, double RelativeError)
{
    /// <summary>Float32 rounding stays near 1e-6 at these sizes; the wrong kernels were off by 1e-2 to 1.</summary>
    public const double Tolerance = 1e-4;

    /// <summary>Whether the kernel agrees with the reference within <see cref="Tolerance"/>.</summary>
    public bool Agrees => RelativeError <= Tolerance;
}

/// <summary>
/// Checks the convolution and LSTM kernels that this process's libtorch runs, at the shapes where libtorch 2.10's oneDNN
/// was measured wrong and at the shapes Nao's networks and controller use, against references that share no kernel
/// with them: convolutions against im2col (<c>unfold</c>) and a float64 matrix product per group, LSTMs against the
/// same LSTM in float64 (which no oneDNN kernel serves). See <see cref="TorchRuntime"/> for why oneDNN is off.
/// </summary>
public static class KernelCheck
{
    /// <summary>A convolution shape: input channels and size, kernel, stride, padding, dilation, groups, layout.</summary>
    public sealed record ConvolutionCase(
        long InputChannels, long OutputChannels, (long H, long W) Kernel, (long H, long W) Stride, (long H, long W) Padding,
        long Dilation, long Groups, long Size, bool ChannelsLast, long Batch = 4)
    {
        /// <summary>A short name: layout, kernel, stride, dilation, groups, channels and map size.</summary>
        public override string ToString() =>
            $"conv2d {(ChannelsLast ? "channels-last" : "nchw")} {Kernel.H}x{Kernel.W}" +
            (Stride != (1, 1) ? $" stride {Stride.H},{Stride.W}" : "") + (Dilation != 1 ? $" dilation {Dilation}" : "") +
            (Groups > 1 ? (Groups == InputChannels ? " depthwise" : $" groups {Groups}") : "") +
            $" C={InputChannels}→{OutputChannels} {Size}x{Size}";
    }

    /// <summary>An LSTM shape: input size, hidden size, batch and sequence length.</summary>
    public sealed record LstmCase(long InputSize, long HiddenSize, long Batch, long Length)
    {
        /// <summary>A short name.</summary>
        public override string ToString() => $"lstm {InputSize}→{HiddenSize} batch {Batch} length {Length}";
    }

    /// <summary>
    /// The convolutions checked: every kind that Nao's cell operations, stems and auxiliary head run (channels-last),
    /// at several channel counts and map sizes, and the shapes where oneDNN was measured wrong.
    /// </summary>
    public static IReadOnlyList<ConvolutionCase> ConvolutionCases()
    {
        var cases = new List<ConvolutionCase>();
        // Measured wrong with oneDNN: NCHW convolutions with 12 (AVX2) or 20, 24, 36 (AVX-512) input channels.
        foreach (var channels in new long[] { 12, 16, 20, 24, 36 })
        {
            cases.Add(new(channels, channels, (3, 3), (1, 1), (1, 1), 1, 1, 8, ChannelsLast: false));
        }
        foreach (var channels in new long[] { 1, 3, 16, 20, 36, 40, 48, 72 })
        {
            foreach (var size in new long[] { 2, 8 })
            {
                cases.Add(new(channels, channels, (1, 1), (1, 1), (0, 0), 1, 1, size, true));
                cases.Add(new(channels, channels, (3, 3), (1, 1), (1, 1), 1, 1, size, true));
                cases.Add(new(channels, channels, (3, 3), (2, 2), (1, 1), 1, 1, size, true));
                cases.Add(new(channels, channels, (3, 3), (1, 1), (1, 1), 1, channels, size, true));
                cases.Add(new(channels, channels, (5, 5), (2, 2), (2, 2), 1, channels, size, true));
                // Measured wrong with oneDNN: 1×7 on 2-pixel maps with 33-48 or 65-72 channels.
                cases.Add(new(channels, channels, (1, 7), (1, 2), (0, 3), 1, 1, size, true));
                cases.Add(new(channels, channels, (7, 1), (2, 1), (3, 0), 1, 1, size, true));
                cases.Add(new(channels, channels, (1, 3), (1, 1), (0, 1), 1, 1, size, true));
            }
        }
        // Measured wrong with oneDNN: the input gradient of dilated depthwise convolutions in channels-last.
        cases.Add(new(16, 16, (3, 3), (1, 1), (2, 2), 2, 16, 8, true));
        // Stems (RGB and grey images) and the auxiliary head.
        cases.Add(new(3, 48, (3, 3), (1, 1), (1, 1), 1, 1, 16, true));
        cases.Add(new(1, 36, (3, 3), (1, 1), (1, 1), 1, 1, 14, true));
        cases.Add(new(144, 128, (1, 1), (1, 1), (0, 0), 1, 1, 2, true));
        cases.Add(new(128, 768, (2, 2), (1, 1), (0, 0), 1, 1, 2, true, Batch: 2));
        return cases;
    }

    /// <summary>The LSTMs checked: the controller's encoder and decoder sizes (tests, defaults, recurrent spaces) and others.</summary>
    public static IReadOnlyList<LstmCase> LstmCases()
    {
        var cases = new List<LstmCase>();
        foreach (var (input, hidden) in new (long, long)[] { (8, 16), (16, 48), (32, 96), (48, 96), (64, 128), (32, 200) })
        {
            cases.Add(new(input, hidden, 1, 1));
            cases.Add(new(input, hidden, 24, 6));
        }
        return cases;
    }

    /// <summary>Runs every case: forward (with autograd off) and, with autograd on, both gradients.</summary>
    public static IReadOnlyList<KernelComparison> Run()
    {
        TorchRuntime.Initialize();
        var results = new List<KernelComparison>();
        foreach (var c in ConvolutionCases()) results.AddRange(Check(c));
        foreach (var c in LstmCases()) results.AddRange(Check(c));
        return results;
    }

    /// <summary>One convolution against im2col and a float64 matrix product.</summary>
    public static IReadOnlyList<KernelComparison> Check(ConvolutionCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)(c.InputChannels * 1009 + c.Size * 31 + c.Kernel.H * 7 + c.Kernel.W));
        var fanIn = c.InputChannels / c.Groups * c.Kernel.H * c.Kernel.W;
        var weight = randn([c.OutputChannels, c.InputChannels / c.Groups, c.Kernel.H, c.Kernel.W], generator: generator).div_(Math.Sqrt(fanIn));
        var input = randn([c.Batch, c.InputChannels, c.Size, c.Size], generator: generator);

        var input64 = input.to(ScalarType.Float64).requires_grad_(true);
        var weight64 = weight.to(ScalarType.Float64).requires_grad_(true);
        var reference = Im2ColConvolution(input64, weight64, c);
        var outputGradient = randn(reference.shape, generator: generator);
        reference.mul(outputGradient.to(ScalarType.Float64)).sum().backward();

        var laidOut = c.ChannelsLast ? input.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2) : input;
        Tensor inference;
        using (no_grad())
        {
            inference = Convolve(laidOut, weight, c);
        }
        var input32 = laidOut.detach().requires_grad_(true);
        var weight32 = weight.detach().requires_grad_(true);
        Convolve(input32, weight32, c).mul(outputGradient).sum().backward();

        var name = c.ToString();
        return
        [
            new(name, "forward", RelativeError(inference, reference)),
            new(name, "input gradient", RelativeError(input32.grad!, input64.grad!)),
            new(name, "weight gradient", RelativeError(weight32.grad!, weight64.grad!)),
        ];
    }

    /// <summary>One LSTM (initial state given, as the decoder runs it) against the same weights in float64.</summary>
    public static IReadOnlyList<KernelComparison> Check(LstmCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)(c.InputSize * 1009 + c.HiddenSize * 31 + c.Batch));
        using var lstm = nn.LSTM(c.InputSize, c.HiddenSize, batchFirst: true);
        using var lstm64 = nn.LSTM(c.InputSize, c.HiddenSize, batchFirst: true);
        lstm64.to(ScalarType.Float64);
        using (no_grad())
        {
            foreach (var parameter in lstm.parameters()) parameter.copy_(rand(parameter.shape, generator: generator).sub_(0.5).mul_(0.6));
            foreach (var (copy, original) in lstm64.parameters().Zip(lstm.parameters())) copy.copy_(original);
        }
        var input = randn([c.Batch, c.Length, c.InputSize], generator: generator);
        var state = randn([1, c.Batch, c.HiddenSize], generator: generator).mul_(0.5);
        var outputGradient = randn([c.Batch, c.Length, c.HiddenSize], generator: generator);

        var input64 = input.to(ScalarType.Float64).requires_grad_(true);
        var state64 = state.to(ScalarType.Float64);
        var (reference, _, _) = lstm64.call(input64, (state64, state64));
        reference.mul(outputGradient.to(ScalarType.Float64)).sum().backward();

        Tensor inference;
        using (no_grad())
        {
            (inference, _, _) = lstm.call(input, (state, state));
        }
        var input32 = input.detach().requires_grad_(true);
        var (trained, _, _) = lstm.call(input32, (state, state));
        trained.mul(outputGradient).sum().backward();
        var weightError = lstm.parameters().Zip(lstm64.parameters()).Max(p => RelativeError(p.First.grad!, p.Second.grad!));

        var name = c.ToString();
        return
        [
            new(name, "inference", RelativeError(inference, reference)),
            new(name, "forward", RelativeError(trained, reference)),
            new(name, "input gradient", RelativeError(input32.grad!, input64.grad!)),
            new(name, "weight gradient", weightError),
        ];
    }

    private static Tensor Convolve(Tensor input, Tensor weight, ConvolutionCase c) =>
        nn.functional.conv2d(input, weight, null, [c.Stride.H, c.Stride.W], [c.Padding.H, c.Padding.W], [c.Dilation, c.Dilation], c.Groups);

    /// <summary>The convolution as im2col and one matrix product per group (float64 in, float64 out).</summary>
    private static Tensor Im2ColConvolution(Tensor input, Tensor weight, ConvolutionCase c)
    {
        var span = (H: c.Dilation * (c.Kernel.H - 1) + 1, W: c.Dilation * (c.Kernel.W - 1) + 1);
        var height = (c.Size + 2 * c.Padding.H - span.H) / c.Stride.H + 1;
        var width = (c.Size + 2 * c.Padding.W - span.W) / c.Stride.W + 1;
        var perGroupIn = c.InputChannels / c.Groups;
        var perGroupOut = c.OutputChannels / c.Groups;
        var groups = new Tensor[c.Groups];
        for (var g = 0; g < c.Groups; g++)
        {
            var columns = nn.functional.unfold(input.narrow(1, g * perGroupIn, perGroupIn), (c.Kernel.H, c.Kernel.W),
                (c.Dilation, c.Dilation), (c.Padding.H, c.Padding.W), (c.Stride.H, c.Stride.W));
            groups[g] = weight.narrow(0, g * perGroupOut, perGroupOut).reshape(perGroupOut, -1).matmul(columns)
                .reshape(c.Batch, perGroupOut, height, width);
        }
        return cat(groups, 1);
    }

    private static double RelativeError(Tensor actual, Tensor reference)
    {
        using var scope = NewDisposeScope();
        var scale = Math.Max(reference.abs().max().item<double>(), 1e-12);
        return actual.to(ScalarType.Float64).sub(reference).abs().max().item<double>() / scale;
    }
}
