namespace Nao.Torch.Tests;

/// <summary>
/// Issue 14: libtorch 2.10's oneDNN computed wrong convolutions and LSTMs at shapes that Nao runs. These tests run the
/// kernels this process actually uses, on whatever CPU runs the suite, against references that share no kernel with
/// them; <c>NAO_ONEDNN=on dotnet test --filter KernelCheckTests</c> shows them fail where oneDNN is wrong.
/// </summary>
public sealed class KernelCheckTests
{
    [Fact]
    public void Nao_runs_libtorch_without_onednn_unless_asked_to_measure_it()
    {
        TorchRuntime.Initialize();

        var asked = string.Equals(Environment.GetEnvironmentVariable(TorchRuntime.OneDnnVariable), "on", StringComparison.OrdinalIgnoreCase);
        Assert.Equal(asked, TorchRuntime.OneDnnEnabled);
    }

    [Fact]
    public void Every_convolution_and_lstm_kernel_agrees_with_its_float64_reference()
    {
        var results = KernelCheck.Run();

        var wrong = results.Where(r => !r.Agrees).Select(r => $"{r.Kernel} ({r.Pass}): relative error {r.RelativeError:E1}").ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {results.Count} kernel results differ from the reference:\n{string.Join('\n', wrong)}");
        Assert.True(results.Count >= 400, $"only {results.Count} comparisons ran");
    }

    [Fact]
    public void The_check_covers_the_shapes_where_onednn_was_measured_wrong()
    {
        var convolutions = KernelCheck.ConvolutionCases().Select(c => c.ToString()).ToList();
        var lstms = KernelCheck.LstmCases();

        Assert.Contains("conv2d nchw 3x3 C=24→24 8x8", convolutions);
        Assert.Contains("conv2d channels-last 1x1 C=36→36 8x8", convolutions);
        Assert.Contains("conv2d channels-last 7x1 stride 2,1 C=40→40 2x2", convolutions);
        Assert.Contains("conv2d channels-last 3x3 dilation 2 depthwise C=16→16 8x8", convolutions);
        Assert.Contains(lstms, c => c is { InputSize: 8, HiddenSize: 16 });
        Assert.Contains(lstms, c => c is { InputSize: 32, HiddenSize: 96 });
    }

    [Fact]
    public void A_wrong_result_is_reported_as_disagreeing()
    {
        var exact = new KernelComparison("k", "forward", 3e-7);
        var wrong = new KernelComparison("k", "forward", 0.36);
        var missing = new KernelComparison("k", "forward", double.NaN);

        Assert.True(exact.Agrees);
        Assert.False(wrong.Agrees);
        Assert.False(missing.Agrees);
    }
}
