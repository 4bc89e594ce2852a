using System.Diagnostics;
using Microsoft.Playwright;
using Nao.Storage;
using Xunit.Abstractions;

namespace Nao.Tests;

/// <summary>
/// <c>nao serve</c> in a real browser (Debian's Chromium through Playwright) while a search is still writing its run:
/// the trials table grows without a reload, a trial's page shows its SVG cells, and each page is photographed
/// (into NAO_SCREENSHOTS when set, as the README's pictures were made).
/// </summary>
public sealed class BrowserTests(ITestOutputHelper output)
{
    private static string Nao => Path.Combine(AppContext.BaseDirectory, "nao");

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_live_search_s_trials_table_grows_in_the_browser_and_a_trial_page_shows_its_cells()
    {
        var chromium = Environment.GetEnvironmentVariable("NAO_CHROMIUM") ?? OnPath("chromium") ?? "/usr/bin/chromium";
        Assert.True(File.Exists(chromium),
            $"Chromium is not installed at {chromium}: install it with 'apt-get install -y chromium' (the CI script .ci/run does), or set NAO_CHROMIUM to a Chromium executable.");
        using var temp = new TempFolder();
        var shots = Environment.GetEnvironmentVariable("NAO_SCREENSHOTS") is { Length: > 0 } dir ? Path.GetFullPath(dir) : temp["shots"];
        Directory.CreateDirectory(shots);
        var root = temp["runs"];
        Directory.CreateDirectory(root);
        var clock = Stopwatch.StartNew();

        // A NAO search slowed by the sleep evaluator (0.2 s a trial, 40 trials: about ten seconds), and a quick
        // comparison of two strategies over three seeds for the Compare page.
        using var search = Start("search", "--strategy", "nao", "--evaluator", "sleep", "--sleep", "0.2", "--budget", "40", "--initial-pool", "12",
            "--per-round", "7", "--top-k", "4", "--controller", "epochs=10", "--seed", "1", "--run", Path.Combine(root, "live"));
        using var compare = Start("compare", "--strategies", "random,evolution", "--seeds", "3", "--budget", "40", "--out", Path.Combine(root, "compare"));
        using var serve = Start("serve", "--runs", root, "--port", "0");
        try
        {
            var address = await AddressAsync(serve);
            output.WriteLine($"serving at {address} after {clock.Elapsed.TotalSeconds:0.0} s");
            await WaitAsync(() => RunStore.IsRun(Path.Combine(root, "live")), TimeSpan.FromSeconds(20), "the search never created its run");

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox"] });
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1360, Height = 1000 } });
            // Playwright's 30 s default is a speed limit, which this test does not set: on 2 busy cores (the live search,
            // nao compare, the server and Chromium at once, with other work beside) a page load once took longer. The
            // time limits this test means are the explicit ones below.
            page.SetDefaultTimeout(120_000);
            await page.GotoAsync(address + "run?id=live");
            var rows = page.Locator("#trials tbody tr");
            var first = await rows.CountAsync();
            Assert.Contains("running", await page.Locator("dl.facts").InnerTextAsync());
            output.WriteLine($"{first} rows at first load, {clock.Elapsed.TotalSeconds:0.0} s");

            // Without a reload, the table catches up with the store within two seconds, and grows.
            var stored = Trials(root);
            var seen = Stopwatch.StartNew();
            await WaitAsync(async () => await rows.CountAsync() >= stored, TimeSpan.FromSeconds(2.5), $"the page did not show the {stored} stored trials within 2.5 s");
            output.WriteLine($"page showed the {stored} stored trials after {seen.ElapsedMilliseconds} ms");
            await WaitAsync(async () => await rows.CountAsync() > first, TimeSpan.FromSeconds(20), "the trials table did not grow while the search ran");
            output.WriteLine($"{await rows.CountAsync()} rows at {clock.Elapsed.TotalSeconds:0.0} s, search still running: {!search.HasExited}");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "dashboard-run-live.png") });

            Assert.True(search.WaitForExit(TimeSpan.FromSeconds(40)), "the search did not finish within 40 s");
            Assert.Equal(0, search.ExitCode);
            await WaitAsync(async () => (await page.Locator("dl.facts").InnerTextAsync()).Contains("completed"), TimeSpan.FromSeconds(5), "the page never showed the run as completed");
            Assert.Equal(40, await rows.CountAsync());
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "dashboard-run.png"), FullPage = true });

            await page.Locator("#trials a[href$='index=30']").ClickAsync();
            await page.WaitForURLAsync("**/trial?**");
            Assert.True(await page.Locator(".cells svg").CountAsync() >= 1, "the trial page has no SVG drawing");
            Assert.Contains("tokens", await page.Locator("dl.facts").InnerTextAsync());
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "dashboard-trial.png"), FullPage = true });

            Assert.True(compare.WaitForExit(TimeSpan.FromSeconds(30)), "nao compare did not finish within 30 s");
            await page.GotoAsync(address);
            Assert.Equal(7, await page.Locator("#runs tbody tr").CountAsync());
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "dashboard-runs.png"), FullPage = true });
            await page.Locator("a[href^='/compare?under=']").ClickAsync();
            await page.WaitForURLAsync("**/compare?**");
            Assert.Equal(2, await page.Locator("svg.chart polygon").CountAsync());
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "dashboard-compare.png"), FullPage = true });

            foreach (var shot in new[] { "dashboard-run-live.png", "dashboard-run.png", "dashboard-trial.png", "dashboard-runs.png", "dashboard-compare.png" })
            {
                Assert.True(new FileInfo(Path.Combine(shots, shot)).Length > 10_000, $"{shot} is missing or empty");
            }
            output.WriteLine($"done in {clock.Elapsed.TotalSeconds:0.0} s; screenshots in {shots}");
        }
        finally
        {
            foreach (var process in new[] { serve, compare, search })
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
    }

    private static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static int Trials(string root)
    {
        using var store = RunStore.OpenReader(Path.Combine(root, "live"));
        return store.LoadTrials().Count;
    }

    private static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo(Nao) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        // stderr is drained here; stdout by AddressAsync for serve, and drained for the others.
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        if (args[0] != "serve")
        {
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
        }
        return process;
    }

    /// <summary>The address nao serve prints on its first line (a free port was asked for).</summary>
    private static async Task<string> AddressAsync(Process serve)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await serve.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("nao serve printed nothing");
        var address = line[line.IndexOf("http://", StringComparison.Ordinal)..];
        _ = Task.Run(() => serve.StandardOutput.ReadToEndAsync());
        return address;
    }

    private static Task WaitAsync(Func<bool> condition, TimeSpan limit, string message) => WaitAsync(() => Task.FromResult(condition()), limit, message);

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan limit, string message)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < limit, message);
            await Task.Delay(100);
        }
    }
}
