using Nao.Cluster;

namespace Nao.Tests.Worker;

public sealed class WorkerOptionsTests
{
    private static readonly ClusterSettings Postgres = new() { Connection = ClusterConnection.Parse("postgres://nao@db.example:5432/nao") };

    [Fact]
    public void The_defaults_bind_to_loopback()
    {
        var options = new WorkerOptions();
        options.Validate(new ClusterSettings());
        Assert.Equal(System.Net.IPAddress.Loopback, options.AdvertisedAddress());
        Assert.False(options.ListenAny);
    }

    [Fact]
    public void A_non_loopback_address_without_listen_any_is_rejected_and_the_message_says_what_is_exposed()
    {
        var e = Assert.Throws<ArgumentException>(() => new WorkerOptions { Advertise = "10.1.2.3" }.Validate(Postgres));
        Assert.Contains("--listen-any", e.Message);
        Assert.Contains("Anyone who can reach its ports and knows the cluster id can then submit evaluation requests", e.Message);
        new WorkerOptions { Advertise = "10.1.2.3", ListenAny = true }.Validate(Postgres);
    }

    [Fact]
    public void Localhost_clustering_refuses_other_machines()
    {
        var e = Assert.Throws<ArgumentException>(() => new WorkerOptions { Advertise = "10.1.2.3", ListenAny = true }.Validate(new ClusterSettings()));
        Assert.Contains("--cluster postgres://", e.Message);
    }

    [Theory]
    [InlineData(0, "cpu", "--slots")]
    [InlineData(1, "tpu", "--device")]
    public void Out_of_range_values_name_their_option(int slots, string device, string option)
    {
        var e = Assert.Throws<ArgumentException>(() => new WorkerOptions { Slots = slots, Device = device }.Validate(new ClusterSettings()));
        Assert.Contains(option, e.Message);
    }

    [Fact]
    public void An_advertised_name_that_is_not_an_address_is_rejected()
    {
        Assert.Contains("--advertise needs an IP address", Assert.Throws<ArgumentException>(() => new WorkerOptions { Advertise = "my-host" }.Validate(Postgres)).Message);
    }
}
