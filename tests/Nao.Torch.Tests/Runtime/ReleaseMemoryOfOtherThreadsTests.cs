using Nao.Tests.Evaluation;
using TorchSharp;

namespace Nao.Torch.Tests;

/// <summary>Run alone: the tests read the process's resident memory, which other test classes would move.</summary>
[Collection(nameof(SerialTorch))]
public sealed class ReleaseMemoryOfOtherThreadsTests
{
    public ReleaseMemoryOfOtherThreadsTests() => TorchRuntime.Initialize();

    [Fact]
    public void A_unit_of_work_on_another_thread_returns_what_the_last_unit_left_in_its_malloc_arena()
    {
        if (!OperatingSystem.IsLinux()) return;
        var baseline = ResidentMegabytes();

        var thread = new Thread(() =>
        {
            TorchRuntime.ReleaseMemoryOfOtherThreads();
            AllocateAndFree512Megabytes();
        });
        thread.Start();
        thread.Join();
        var held = ResidentMegabytes();
        TorchRuntime.ReleaseMemoryOfOtherThreads();
        var released = ResidentMegabytes();

        // With trimming off (Initialize) the freed tensors' memory stays with the finished thread's arena until released.
        Assert.True(held - baseline >= 400, $"resident {baseline} MB before the thread, {held} MB after it: the freed tensors were not retained");
        Assert.True(held - released >= 400, $"resident {held} MB before the unit on this thread, {released} MB after its start");
    }

    [Fact]
    public void A_unit_of_work_on_the_same_thread_as_the_last_keeps_the_memory_for_reuse()
    {
        if (!OperatingSystem.IsLinux()) return;
        TorchRuntime.ReleaseMemoryOfOtherThreads();
        var baseline = ResidentMegabytes();

        AllocateAndFree512Megabytes();
        var held = ResidentMegabytes();
        TorchRuntime.ReleaseMemoryOfOtherThreads();
        var after = ResidentMegabytes();

        Assert.True(held - baseline >= 400, $"resident {baseline} MB before, {held} MB after the tensors: they were not retained");
        Assert.True(held - after < 100, $"resident {held} MB before the second unit on this thread, {after} MB after its start");
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
