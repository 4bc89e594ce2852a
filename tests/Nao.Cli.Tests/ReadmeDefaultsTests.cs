using System.Globalization;
using System.Text.RegularExpressions;
using Nao.Cli;
using Nao.Cli.Commands;
using Nao.Cluster;
using Nao.Controller;
using Nao.SearchSpaces;
using Nao.WeightSharing;

namespace Nao.Tests;

/// <summary>
/// The defaults README.md states, compared with the code's: each claim is a README sentence with the numbers captured
/// and the values the code uses, taken from the commands' options (what a user gets) or the options records.
/// </summary>
public sealed class ReadmeDefaultsTests
{
    /// <summary>A README sentence (a regular expression whose groups capture numbers) and the code's values for its groups.</summary>
    private sealed record Claim(string Pattern, Func<double[]> Code);

    private static readonly Dictionary<string, Claim> Claims = new()
    {
        ["the two-command search's budget"] = new(@"search\s+# the main job: NAO on NAS-Bench-201 \(embedded\), budget (\d+)",
            () => [Default("search", "--budget")]),
        ["the tour's search budget"] = new(@"nao search\s+# NAO on embedded NAS-Bench-201, budget (\d+)",
            () => [Default("search", "--budget")]),
        ["Algorithm 1's sizes in the introduction"] = new(
            @"(\d+) random architectures, then\s+rounds of ""train the controller on everything evaluated, take\s+the top (\d+) as seeds, decode up to (\d+) new ones from\s+each by gradient steps in the embedding space, evaluate the (\d+)\s+the predictor rates highest"", until (\d+) evaluations",
            () => [Default("search", "--initial-pool"), Default("search", "--top-k"), Default("search", "--candidates-per-seed"), Default("search", "--per-round"), Default("search", "--budget")]),
        ["the default search's rounds"] = new(
            @"The default `nao search` \(NAO, budget (\d+): (\d+) random, then (\d+) rounds of (\d+) screened from up to ([\d,]+) candidates\)",
            () =>
            {
                var (budget, pool, perRound) = (Default("search", "--budget"), Default("search", "--initial-pool"), Default("search", "--per-round"));
                return [budget, pool, (budget - pool) / perRound, perRound, Default("search", "--top-k") * Default("search", "--candidates-per-seed")];
            }),
        ["the weight-sharing defaults"] = new(
            @"Defaults: (\d+) rounds of (\d+) supernet\s+epochs[^;]*; a first pool of (\d+) random architectures, then each round (\d+) kept \+ (\d+) new \+ (\d+) random; (\d+) new per round from\s+the top (\d+) seeds: (\d+) shared-weight scorings",
            () => [Default("search", "--ws-rounds"), Default("search", "--ws-epochs"), Default("search", "--ws-pool"), Default("search", "--ws-keep"), Default("search", "--ws-new"),
                Default("search", "--ws-random"), Default("search", "--ws-new"), Default("search", "--ws-top-k"), new WeightSharingOptions().PlannedScorings]),
        ["the controller's nb201 settings"] = new(
            @"the nb201 defaults of\s+`ControllerOptions.For`: rank-normalized scores, Adam ([\de.-]+), weight decay ([\de.-]+), λ ([\d.]+), with evaluate's one fit of (\d+) epochs",
            () =>
            {
                var o = ControllerOptions.For(SearchSpaceRegistry.Nb201);
                return [o.LearningRate, o.WeightDecay, o.TradeOff, EvaluateEpochs()];
            }),
        ["the search's controller paths"] = new(@"The controller's defaults \(`ControllerOptions.For`, the search's\) keep one-position steps off and (\d+|one) second-step start",
            () => [ControllerOptions.For(SearchSpaceRegistry.Nb201).SecondStepStarts]),
        ["the dev set of nao train"] = new(@"the last ([\d,]+) training images \(`--dev-size`\)", () => [Default("train", "--dev-size")]),
        ["the first worker's ports"] = new(@"the first uses ports\s+(\d+)/(\d+)", () => [new ClusterSettings().BasePort, new ClusterSettings().BaseGatewayPort]),
    };

    public static TheoryData<string> ClaimNames => [.. Claims.Keys];

    [Theory]
    [MemberData(nameof(ClaimNames))]
    public void A_default_the_readme_states_is_the_one_the_code_uses(string claim)
    {
        var (pattern, code) = Claims[claim];
        var match = Regex.Match(Readme.Value, pattern);
        Assert.True(match.Success,
            $"README.md no longer has the sentence that states {claim} (pattern: {pattern}). If it was reworded, update the pattern in {nameof(ReadmeDefaultsTests)}.");
        var stated = match.Groups.Values.Skip(1).Select(g => Number(g.Value)).ToArray();
        var expected = code();
        Assert.True(expected.SequenceEqual(stated),
            $"README.md states {claim} as [{string.Join(", ", stated)}] in \"{match.Value}\", but the code's defaults are [{string.Join(", ", expected)}]: fix the README (or the code).");
    }

    private static readonly Lazy<string> Readme = new(() => File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")).ReplaceLineEndings("\n"));

    /// <summary>The folder above the test assembly that holds Nao.slnx and README.md.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Nao.slnx")) && File.Exists(Path.Combine(dir.FullName, "README.md"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Nao.slnx and README.md; the README checks need the repository.");
    }

    /// <summary>The default of an option as <c>nao COMMAND --help</c> shows it.</summary>
    private static double Default(string command, string option)
    {
        var root = NaoApp.BuildRoot(new CliConsole(TextWriter.Null, TextWriter.Null));
        var found = root.Subcommands.Single(c => c.Name == command).Options.Single(o => o.Name == option);
        return Convert.ToDouble(found.GetDefaultValue(), CultureInfo.InvariantCulture);
    }

    /// <summary>The epochs of <c>nao controller evaluate</c>'s fit, as its --epochs help states them.</summary>
    private static double EvaluateEpochs()
    {
        var root = NaoApp.BuildRoot(new CliConsole(TextWriter.Null, TextWriter.Null));
        var evaluate = root.Subcommands.Single(c => c.Name == "controller").Subcommands.Single(c => c.Name == "evaluate");
        var description = evaluate.Options.Single(o => o.Name == "--epochs").Description!;
        return Number(Regex.Match(description, @"\(default (\d+)").Groups[1].Value);
    }

    private static double Number(string text) =>
        text == "one" ? 1 : double.Parse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture);
}
