using Nao.Dashboard;
using Nao.Dashboard.Charts;
using Nao.Dashboard.Pages;

namespace Nao.Tests;

public sealed class DashboardOptionsTests
{
    [Fact]
    public void Loopback_needs_no_token_and_any_other_address_gets_a_generated_one()
    {
        Assert.Null(new DashboardOptions().Secured().Token);
        Assert.Null(new DashboardOptions { Listen = "::1" }.Secured().Token);
        var open = new DashboardOptions { Listen = "0.0.0.0" }.Secured();
        Assert.Matches("^[0-9a-f]{32}$", open.Token);
        Assert.NotEqual(open.Token, new DashboardOptions { Listen = "0.0.0.0" }.Secured().Token);
        Assert.Equal("mine-12345", new DashboardOptions { Listen = "0.0.0.0", Token = "mine-12345" }.Secured().Token);
    }

    [Theory]
    [InlineData("--runs", "does not exist")]
    [InlineData("--port", "--port must be between 0 and 65535")]
    [InlineData("--listen", "--listen must be an IP address")]
    [InlineData("--token", "--token must be at least 8 characters")]
    public void Invalid_options_are_refused_with_the_option_and_the_fix(string option, string message)
    {
        var options = option switch
        {
            "--runs" => new DashboardOptions { RunsDirectory = "/no/such/folder" },
            "--port" => new DashboardOptions { RunsDirectory = ".", Port = 70000 },
            "--listen" => new DashboardOptions { RunsDirectory = ".", Listen = "my host" },
            _ => new DashboardOptions { RunsDirectory = ".", Token = "a b" },
        };
        Assert.Contains(message, Assert.Throws<ArgumentException>(options.Validate).Message);
    }

    [Fact]
    public void Nao_serve_with_a_missing_folder_exits_with_a_usage_error()
    {
        var result = CliRunner.Run("serve", "--runs", "/no/such/runs");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--runs '/no/such/runs' does not exist", result.Error);
    }

    [Fact]
    public void The_pareto_front_keeps_the_points_no_other_beats_on_both_axes()
    {
        var front = Pareto.Front([(1, 5), (2, 4), (2, 3), (3, 1), (0.5, 4), (double.NaN, 9), (3, 0.5)]);
        Assert.Equal([(1.0, 5.0), (2.0, 4.0), (3.0, 1.0)], front);
    }

    [Fact]
    public void Chart_ticks_are_round_numbers_that_cover_the_range()
    {
        Assert.Equal([0.0, 20, 40, 60, 80, 100], SvgChart.Ticks(3, 97));
        var ticks = SvgChart.Ticks(0.912, 0.9135);
        Assert.True(ticks[0] <= 0.912 && ticks[^1] >= 0.9135 && ticks.Length is >= 3 and <= 8, string.Join(", ", ticks));
    }

    [Fact]
    public void A_chart_without_finite_points_says_so_instead_of_drawing_axes()
    {
        var html = new SvgChart("<b>t</b>", "x", "y").Add(new ChartSeries("s", [1, 2], [double.NaN, double.NaN])).Render();
        Assert.Contains("No data yet", html);
        Assert.Contains("&lt;b&gt;t&lt;/b&gt;", html);
        Assert.DoesNotContain("<svg", html);
    }
}
