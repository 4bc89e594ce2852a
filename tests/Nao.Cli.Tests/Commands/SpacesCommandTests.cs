namespace Nao.Tests.Commands;

public sealed class SpacesCommandTests
{
    [Fact]
    public void Spaces_lists_every_space_with_its_size_tokens_and_operations()
    {
        var result = CliRunner.Run("spaces");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("nasnet", result.Out);
        Assert.Contains("enas-rnn", result.Out);
        Assert.Contains("architectures: 15,625", result.Out);
        Assert.Contains("tokens:        40 (vocabulary 19)", result.Out);
        Assert.Contains("tokens:        22 (vocabulary 16)", result.Out);
        Assert.Contains("tokens:        6 (vocabulary 6)", result.Out);
        Assert.Contains("operations:    sep3x3, sep5x5, avg3x3, max3x3, identity", result.Out);
        Assert.Contains("published:     NAONet-WS, ENAS", result.Out);
    }

    [Fact]
    public void An_unknown_command_is_a_usage_error_with_exit_code_2()
    {
        var result = CliRunner.Run("spacez");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nao --help", result.Error);
    }
}
