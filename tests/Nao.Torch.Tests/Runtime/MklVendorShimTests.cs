using System.Runtime.InteropServices;
using TorchSharp;

namespace Nao.Torch.Tests;

public sealed class MklVendorShimTests
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int IntelCheck();

    [Fact]
    public void The_generated_shared_object_loads_and_its_function_says_the_cpu_is_intel()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nao-shim-test-{Guid.NewGuid():N}.so");
        File.WriteAllBytes(path, MklVendorShim.Build());
        try
        {
            var handle = NativeLibrary.Load(path);
            var check = Marshal.GetDelegateForFunctionPointer<IntelCheck>(NativeLibrary.GetExport(handle, MklVendorShim.SymbolName));

            Assert.Equal(1, check());
            Assert.False(NativeLibrary.TryGetExport(handle, "mkl_serv_intel_cpu_false", out _));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Initialize_installs_the_shim_exactly_where_it_applies_and_products_stay_exact()
    {
        TorchRuntime.Initialize();

        if (MklVendorShim.Applies)
        {
            Assert.NotNull(TorchRuntime.MklShim);
            Assert.Equal(MklVendorShim.Build(), File.ReadAllBytes(TorchRuntime.MklShim!));
        }
        else
        {
            Assert.Null(TorchRuntime.MklShim);
        }
        // A product large enough for MKL's blocked kernels, against the same product in float64.
        using var scope = torch.NewDisposeScope();
        var a = torch.rand(257, 300, generator: new torch.Generator(1));
        var b = torch.rand(300, 129, generator: new torch.Generator(2));
        var single = torch.matmul(a, b).to(torch.float64);
        var exact = torch.matmul(a.to(torch.float64), b.to(torch.float64));
        Assert.True(((single - exact).abs() / exact.abs()).max().item<double>() < 1e-5);
    }
}
