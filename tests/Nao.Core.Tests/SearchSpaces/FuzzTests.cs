using Nao.Genotypes;
using Nao.SearchSpaces;

namespace Nao.Tests.SearchSpaces;

/// <summary>Garbage in gives an <see cref="ArchitectureFormatException"/> or <see cref="UnknownNameException"/>, never a crash.</summary>
public sealed class FuzzTests
{
    private const string Alphabet = "()+|,:;~ 0123456789-abcdeilmnoprstuvwxz_NR=";

    [Fact]
    public void Random_garbage_strings_give_clear_errors_and_never_crash()
    {
        var random = new Random(99);
        for (var i = 0; i < 20_000; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 60)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
            AssertFailsCleanlyOrParses(text);
        }
    }

    [Fact]
    public void Corrupted_valid_strings_give_clear_errors_and_never_crash()
    {
        var random = new Random(7);
        for (var i = 0; i < 20_000; i++)
        {
            var space = SearchSpaceRegistry.All[random.Next(SearchSpaceRegistry.All.Count)];
            var chars = space.Sample(random).Canonical.ToCharArray().ToList();
            for (var edits = random.Next(1, 4); edits > 0 && chars.Count > 0; edits--)
            {
                var at = random.Next(chars.Count);
                switch (random.Next(3))
                {
                    case 0: chars.RemoveAt(at); break;
                    case 1: chars.Insert(at, Alphabet[random.Next(Alphabet.Length)]); break;
                    default: chars[at] = Alphabet[random.Next(Alphabet.Length)]; break;
                }
            }
            AssertFailsCleanlyOrParses(new string([.. chars]));
        }
    }

    private static void AssertFailsCleanlyOrParses(string text)
    {
        foreach (var space in SearchSpaceRegistry.All)
        {
            try
            {
                var genotype = space.Parse(text);
                Assert.Equal(genotype, space.Parse(genotype.Canonical));
            }
            catch (ArchitectureFormatException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
            }
        }
        try
        {
            ArchitectureReference.Resolve(text);
        }
        catch (Exception e) when (e is ArchitectureFormatException or UnknownNameException)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
    }
}
