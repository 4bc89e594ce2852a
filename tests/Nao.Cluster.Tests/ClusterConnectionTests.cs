using Nao.Cluster;
using Npgsql;

namespace Nao.Tests;

public sealed class ClusterConnectionTests
{
    [Fact]
    public void Localhost_is_the_development_clustering()
    {
        Assert.True(ClusterConnection.Parse("localhost").IsLocalhost);
        Assert.True(ClusterConnection.Parse(" LocalHost ").IsLocalhost);
    }

    [Fact]
    public void A_postgres_url_becomes_an_npgsql_connection_string()
    {
        var connection = ClusterConnection.Parse("postgres://nao:s%40cret@db.lab:5433/orleans?sslmode=require");
        Assert.False(connection.IsLocalhost);
        var builder = new NpgsqlConnectionStringBuilder(connection.AdoNetConnectionString);
        Assert.Equal("db.lab", builder.Host);
        Assert.Equal(5433, builder.Port);
        Assert.Equal("orleans", builder.Database);
        Assert.Equal("nao", builder.Username);
        Assert.Equal("s@cret", builder.Password);
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal("PostgreSQL db.lab:5433/orleans", connection.Describe());
    }

    [Fact]
    public void An_npgsql_connection_string_is_taken_as_it_is()
    {
        var connection = ClusterConnection.Parse("Host=10.0.0.9;Database=nao;Username=nao");
        Assert.Equal("10.0.0.9", new NpgsqlConnectionStringBuilder(connection.AdoNetConnectionString).Host);
    }

    [Theory]
    [InlineData("mysql://x/y")]
    [InlineData("postgres://host-without-database")]
    [InlineData("Database=nao")]
    [InlineData("Host=a;Bogus Key=1")]
    public void Anything_else_is_rejected_with_the_accepted_forms(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => ClusterConnection.Parse(text));
        Assert.Contains("'localhost'", e.Message);
        Assert.Contains("postgres://", e.Message);
    }
}
