using Nao.Cli;
using Nao.Cli.Commands;

namespace Nao.Tests.Commands;

public sealed class SearchOptionSetTests
{
    [Fact]
    public void Controller_settings_become_typed_json_values()
    {
        var json = SearchOptionSet.Settings("--controller", ["epochs=300", "normalization=rank", "augment=false", "tradeOff=0.9"])!;

        Assert.Equal(300L, (long)json["epochs"]!);
        Assert.Equal("{\"epochs\":300,\"normalization\":\"rank\",\"augment\":false,\"tradeOff\":0.9}", json.ToJsonString());
        Assert.Equal("rank", (string?)json["normalization"]);
        Assert.False((bool)json["augment"]!);
        Assert.Equal(0.9, (double)json["tradeOff"]!);
        Assert.Null(SearchOptionSet.Settings("--controller", []));
    }

    [Fact]
    public void A_controller_setting_without_a_value_says_how_to_write_one()
    {
        var e = Assert.Throws<UsageException>(() => SearchOptionSet.Settings("--controller", ["epochs"]));
        Assert.Contains("NAME=VALUE", e.Message);
    }
}
