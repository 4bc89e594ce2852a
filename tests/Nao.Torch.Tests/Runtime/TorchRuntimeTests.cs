using TorchSharp;

namespace Nao.Torch.Tests;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void Initialize_loads_libtorch_so_that_a_matrix_product_comes_out_right()
    {
        TorchRuntime.Initialize();

        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        using var b = torch.tensor(new float[] { 5, 6, 7, 8 }, [2, 2]);
        using var product = torch.matmul(a, b);

        Assert.Equal([19f, 22f, 43f, 50f], product.data<float>().ToArray());
    }

    [Fact]
    public void Initialize_can_be_called_again_and_from_several_threads_at_once()
    {
        Parallel.For(0, 8, _ => TorchRuntime.Initialize());
        TorchRuntime.Initialize();

        using var sum = torch.ones(3).sum();
        Assert.Equal(3f, sum.item<float>());
    }

    [Fact]
    public void Initialize_sets_the_number_of_torch_threads_when_asked()
    {
        TorchRuntime.Initialize();
        int before = torch.get_num_threads();
        try
        {
            TorchRuntime.Initialize(threads: 1);

            Assert.Equal(1, torch.get_num_threads());
        }
        finally
        {
            torch.set_num_threads(before);
        }
    }

    [Fact]
    public void Initialize_rejects_fewer_than_one_thread()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TorchRuntime.Initialize(threads: 0));
    }
}
