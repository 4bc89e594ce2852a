using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Nao.Dashboard.Pages;
using Nao.Storage;

namespace Nao.Tests;

/// <summary>The pages' content, over real Kestrel on a free port, for finished runs.</summary>
public sealed partial class DashboardPageTests(DashboardRuns runs) : IClassFixture<DashboardRuns>
{
    [Fact]
    public async Task The_runs_page_lists_every_run_with_status_strategy_progress_and_best_score()
    {
        await using var host = await DashboardHost.StartAsync(runs.Root);
        var (status, body, _) = await host.GetAsync("/");
        Assert.Equal(200, status);
        foreach (var id in new[] { "nao", "cmp/random-s1", "cmp/random-s2", "hostile" }) Assert.Contains($">{id}</a>", body);
        var view = RunView.Load("nao", Path.Combine(runs.Root, "nao"));
        Assert.Contains($"<td data-v=\"24\">24/24</td><td data-v=\"{Html.SortKey(view.Best)}\">{Html.Number(view.Best)}</td>", body);
        Assert.Contains("class=\"status-completed\">completed<", body);
        Assert.Contains("/compare?under=cmp", body);
    }

    [Fact]
    public async Task The_run_page_has_a_row_per_trial_and_nao_s_round_charts()
    {
        await using var host = await DashboardHost.StartAsync(runs.Root);
        var (status, body, _) = await host.GetAsync("/run?id=nao");
        Assert.Equal(200, status);
        Assert.Equal(24, TrialRow().Matches(body).Count);
        Assert.Contains("Real and predicted score per round", body);
        Assert.Contains("Pairwise accuracy per round", body);
        Assert.Contains("Best so far", body);
        // NAO's record (seed architecture, η, predictions) is in the table.
        Assert.Contains("predicted_after=", body);
        Assert.Contains("data-live=\"/fragments/run?id=nao", body);
        var (fragmentStatus, fragment, _) = await host.GetAsync("/fragments/run?id=nao");
        Assert.Equal(200, fragmentStatus);
        Assert.Equal(24, TrialRow().Matches(fragment).Count);
        Assert.DoesNotContain("<html", fragment);
    }

    [Fact]
    public async Task The_trial_page_draws_the_cells_as_svg_and_gives_the_tokens()
    {
        await using var host = await DashboardHost.StartAsync(runs.Root);
        var (status, body, _) = await host.GetAsync("/trial?run=nao&index=13");
        Assert.Equal(200, status);
        Assert.Contains("<div class=\"cells\"><svg", body);
        using var store = RunStore.OpenReader(Path.Combine(runs.Root, "nao"));
        var trial = store.LoadTrials()[13];
        Assert.Contains(string.Join(' ', trial.Tokens), body);
        Assert.Contains(WebUtility.HtmlEncode(trial.Genotype.Canonical), body);
        Assert.Equal(404, (await host.GetAsync("/trial?run=nao&index=999")).Status);
    }

    [Fact]
    public async Task The_compare_page_draws_one_band_for_runs_that_differ_only_in_seed()
    {
        await using var host = await DashboardHost.StartAsync(runs.Root);
        var (status, body, _) = await host.GetAsync("/compare?under=cmp");
        Assert.Equal(200, status);
        Assert.Contains("random / nb201 / benchmark", body);
        Assert.Single(Regex.Matches(body, "<polygon"));
        Assert.Contains("<td>1, 2</td>", body);
        var (_, withNao, _) = await host.GetAsync("/compare?run=nao&run=cmp/random-s1");
        Assert.Contains("nao / nb201 / benchmark", withNao);
        Assert.Empty(Regex.Matches(withNao, "<polygon"));
    }

    [Fact]
    public async Task Html_in_a_metric_name_an_error_a_record_and_a_log_is_escaped_on_every_page()
    {
        await using var host = await DashboardHost.StartAsync(runs.Root);
        foreach (var path in new[] { "/", "/run?id=hostile", "/run?id=hostile&x=%3Cscript%3Ealert('x')%3C%2Fscript%3E&y=latency", "/fragments/run?id=hostile", "/trial?run=hostile&index=0", "/trial?run=hostile&index=1", "/compare?run=hostile" })
        {
            var (status, body, _) = await host.GetAsync(path);
            Assert.Equal(200, status);
            Assert.DoesNotContain("<script>alert", body);
            Assert.DoesNotContain("<script>", body.Replace("<script src=\"/static/dashboard.js\"></script>", ""));
        }
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", (await host.GetAsync("/trial?run=hostile&index=1")).Body);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;=1.5", (await host.GetAsync("/run?id=hostile")).Body);
        var log = await host.GetAsync("/file?run=hostile&path=trials/00000/stdout.log");
        Assert.Equal(200, log.Status);
        Assert.StartsWith("text/plain", log.Type);
        Assert.Contains(DashboardRuns.Hostile, log.Body);
    }

    [Fact]
    public async Task No_path_outside_the_runs_folder_can_be_read()
    {
        await using var host = await DashboardHost.StartAsync(runs.Root);
        var outsideRun = Uri.EscapeDataString(runs.Outside);
        var secret = Uri.EscapeDataString(runs.Secret);
        string[] refused =
        [
            "/run?id=..", "/run?id=../outside", "/run?id=cmp/../../outside", $"/run?id={outsideRun}", "/run?id=linked", "/fragments/run?id=linked",
            "/trial?run=linked&index=0", "/trial?run=../outside&index=0", "/compare?run=../outside",
            "/file?run=hostile&path=../../secret.txt", "/file?run=hostile&path=trials/00000/../../../secret.txt", $"/file?run=hostile&path={secret}",
            "/file?run=hostile&path=trials/00000/escape.log", "/file?run=..&path=secret.txt", "/file?run=hostile&path=run.db%00.txt",
            "/file?run=hostile&path=%2Fetc%2Fpasswd", "/static/..%2F..%2Fsecret.txt",
        ];
        foreach (var path in refused)
        {
            var (status, body, _) = await host.GetAsync(path);
            Assert.DoesNotContain("outside secret", body);
            if (!path.StartsWith("/compare", StringComparison.Ordinal)) Assert.True(status == 404, $"{path} → {status}");
        }
        // The linked run is neither listed nor compared; the trial page names the link but does not follow it.
        Assert.DoesNotContain("linked", (await host.GetAsync("/")).Body);
        Assert.DoesNotContain("outside", (await host.GetAsync("/compare?run=../outside&run=linked")).Body);
        var trial = (await host.GetAsync("/trial?run=hostile&index=0")).Body;
        Assert.Contains("escape.log</h3><p class=\"muted\">not shown: it leads outside the runs folder.", trial);
        Assert.DoesNotContain("outside secret", trial);
    }

    [Fact]
    public async Task A_token_is_checked_on_every_request_and_kept_in_a_cookie()
    {
        await using var host = await DashboardHost.StartAsync(runs.Root, token: "s3cret-token");
        Assert.EndsWith("/?token=s3cret-token", host.Address);
        foreach (var path in new[] { "/", "/run?id=nao", "/static/dashboard.js", "/file?run=hostile&path=trials/00000/stdout.log", "/?token=wrong-token" })
        {
            Assert.Equal(401, (await host.GetAsync(path)).Status);
        }
        using var response = await host.Client.GetAsync("/?token=s3cret-token");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("nao_token=s3cret-token", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/run?id=nao") { Headers = { { "Cookie", "nao_token=s3cret-token" } } };
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(withCookie)).StatusCode);
        using var withBearer = new HttpRequestMessage(HttpMethod.Get, "/run?id=nao") { Headers = { { "Authorization", "Bearer s3cret-token" } } };
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(withBearer)).StatusCode);
    }

    [Fact]
    public async Task Without_a_token_a_request_naming_another_host_is_refused()
    {
        await using var host = await DashboardHost.StartAsync(runs.Root);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Host = "evil.example" } };
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var localhost = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Host = "localhost" } };
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(localhost)).StatusCode);
    }

    [Fact]
    public async Task Serving_changes_no_byte_of_a_run_and_takes_no_lock()
    {
        var run = Path.Combine(runs.Root, "cmp", "random-s2");
        var before = SHA256.HashData(File.ReadAllBytes(Path.Combine(run, RunStore.DatabaseFile)));
        var options = File.ReadAllText(Path.Combine(run, "options.json"));
        await using (var host = await DashboardHost.StartAsync(runs.Root))
        {
            foreach (var path in new[] { "/", "/run?id=cmp/random-s2", "/fragments/run?id=cmp/random-s2", "/trial?run=cmp/random-s2&index=3", "/compare?under=cmp" })
            {
                Assert.Equal(200, (await host.GetAsync(path)).Status);
                Assert.False(RunLock.IsHeld(run));
            }
        }
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(Path.Combine(run, RunStore.DatabaseFile))));
        Assert.Equal(options, File.ReadAllText(Path.Combine(run, "options.json")));
        Assert.False(File.Exists(Path.Combine(run, RunLock.HolderFileName)));
    }

    [Fact]
    public async Task The_pareto_view_plots_the_two_metrics_the_user_picks()
    {
        await using var host = await DashboardHost.StartAsync(runs.Root);
        var body = (await host.GetAsync("/run?id=hostile&x=latency&y=score")).Body;
        Assert.Contains("Pareto view: score against latency", body);
        Assert.Contains("<option selected value=\"latency\">latency</option>", body);
        Assert.Contains("Learning curves (latest 1 trials)", body);
    }

    [Fact]
    public async Task A_refresh_of_an_unchanged_run_is_answered_not_modified_without_a_body()
    {
        await using var host = await DashboardHost.StartAsync(runs.Root);
        foreach (var path in new[] { "/fragments/run?id=nao", "/fragments/runs" })
        {
            using var first = await host.Client.GetAsync(path);
            var version = first.Headers.ETag?.Tag;
            Assert.NotNull(version);
            using var again = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { "If-None-Match", version } } };
            using var response = await host.Client.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsStringAsync());
        }
        // Another Pareto pick is another version.
        using var other = new HttpRequestMessage(HttpMethod.Get, "/fragments/run?id=nao&x=score") { Headers = { { "If-None-Match", (await host.Client.GetAsync("/fragments/run?id=nao")).Headers.ETag!.Tag } } };
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(other)).StatusCode);
    }

    [GeneratedRegex("<tr><td data-v=\"\\d+\"><a href=\"/trial\\?")]
    private static partial Regex TrialRow();
}
