using Nao.Data.Text;

namespace Nao.Torch.Tests.Data.Text;

public sealed class BpttLengthSamplerTests
{
    [Fact]
    public void Lengths_center_on_the_base_with_one_in_twenty_around_half_and_stay_within_bounds()
    {
        var sampler = new BpttLengthSampler(35);
        var random = new Random(7);

        var lengths = Enumerable.Range(0, 20_000).Select(_ => sampler.Next(random)).ToArray();

        Assert.All(lengths, l => Assert.InRange(l, BpttLengthSampler.MinLength, 35 + 20));
        // int() truncation lowers N(35, 5) by about half a token; the 5% drawn around 17.5 lower the mean by about 0.9.
        Assert.InRange(lengths.Average(), 33.0, 34.2);
        var nearHalf = lengths.Count(l => l <= 22) / (double)lengths.Length;
        Assert.InRange(nearHalf, 0.04, 0.07);
    }

    [Fact]
    public void The_same_seed_gives_the_same_lengths()
    {
        var sampler = new BpttLengthSampler(35);
        var a = new Random(3);
        var b = new Random(3);

        Assert.Equal(Enumerable.Range(0, 50).Select(_ => sampler.Next(a)), Enumerable.Range(0, 50).Select(_ => sampler.Next(b)));
    }
}
