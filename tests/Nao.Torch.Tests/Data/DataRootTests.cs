using Nao.Data;

namespace Nao.Tests.Data;

[Collection(nameof(Nao.Tests.Evaluation.SerialTorch))]
public sealed class DataRootTests
{
    [Fact]
    public void A_given_path_wins_and_else_the_data_set_folder_under_NAO_DATA_or_the_callers_message()
    {
        var saved = Environment.GetEnvironmentVariable(DataRoot.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(DataRoot.EnvironmentVariable, "/data/root");
            Assert.Equal("/mine", DataRoot.Resolve("/mine", "cifar-10", "unused"));
            Assert.Equal(Path.Combine("/data/root", "cifar-10"), DataRoot.Resolve(null, "cifar-10", "unused"));
            Environment.SetEnvironmentVariable(DataRoot.EnvironmentVariable, "  ");
            Assert.Equal("Pass --data.", Assert.Throws<ArgumentException>(() => DataRoot.Resolve(null, "cifar-10", "Pass --data.")).Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(DataRoot.EnvironmentVariable, saved);
        }
    }
}
