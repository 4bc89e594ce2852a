using Nao.Tests.Evaluation;
using TorchSharp;

namespace Nao.Torch.Tests;

/// <summary>Run alone: the tests read the process's resident memory and change the thread count, which other test classes would see.</summary>
[Collection(nameof(SerialTorch))]
public sealed class PrepareThisThreadTests
{
    public PrepareThisThreadTests() => TorchRuntime.Initialize();

    [Fact]
    public void A_unit_of_work_on_another_thread_returns_what_the_last_unit_left_in_its_malloc_arena()
    {
        if (!OperatingSystem.IsLinux()) return;
        var baseline = ResidentMegabytes();

        var thread = new Thread(() =>
        {
            TorchRuntime.PrepareThisThread();
            AllocateAndFree512Megabytes();
        });
        thread.Start();
        thread.Join();
        var held = ResidentMegabytes();
        TorchRuntime.PrepareThisThread();
        var released = ResidentMegabytes();

        // With trimming off (Initialize) the freed tensors' memory stays with the finished thread's arena until released.
        Assert.True(held - baseline >= 400, $"resident {baseline} MB before the thread, {held} MB after it: the freed tensors were not retained");
        Assert.True(held - released >= 400, $"resident {held} MB before the unit on this thread, {released} MB after its start");
    }

    [Fact]
    public void A_unit_of_work_on_the_same_thread_as_the_last_keeps_the_memory_for_reuse()
    {
        if (!OperatingSystem.IsLinux()) return;
        TorchRuntime.PrepareThisThread();
        var baseline = ResidentMegabytes();

        AllocateAndFree512Megabytes();
        var held = ResidentMegabytes();
        TorchRuntime.PrepareThisThread();
        var after = ResidentMegabytes();

        Assert.True(held - baseline >= 400, $"resident {baseline} MB before, {held} MB after the tensors: they were not retained");
        Assert.True(held - after < 100, $"resident {held} MB before the second unit on this thread, {after} MB after its start");
    }

    [Fact]
    public void A_thread_that_ran_torch_before_the_thread_count_changed_takes_the_new_count()
    {
        TorchRuntime.Initialize(threads: 2);
        try
        {
            using var ready = new SemaphoreSlim(0);
            using var changed = new SemaphoreSlim(0);
            var (before, stale, prepared) = (0, 0, 0);
            var worker = new Thread(() =>
            {
                using (var a = torch.ones(64, 64)) using (var b = a.mm(a)) before = torch.get_num_threads();
                ready.Release();
                changed.Wait();
                // libtorch keeps the count per thread: this thread still has the one it first ran with.
                stale = torch.get_num_threads();
                TorchRuntime.PrepareThisThread();
                prepared = torch.get_num_threads();
            });
            worker.Start();
            ready.Wait();
            TorchRuntime.Initialize(threads: 1);
            changed.Release();
            worker.Join();

            Assert.Equal(2, before);
            Assert.Equal(2, stale);
            Assert.Equal(1, prepared);
        }
        finally
        {
            Nao.Tests.TorchTestSetup.Initialize();
        }
    }

    /// <summary>16 tensors of 32 MB, written so that their pages are resident, then freed.</summary>
    private static void AllocateAndFree512Megabytes()
    {
        using var scope = torch.NewDisposeScope();
        for (var i = 0; i < 16; i++) torch.ones(8, 1024, 1024);
    }

    private static long ResidentMegabytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }
}
