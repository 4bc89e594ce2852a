using System.Collections.Immutable;
using Nao.Cli.Commands;
using Nao.Experiments;
using Nao.SearchSpaces;
using Nao.Search;

namespace Nao.Cli.Tests.Commands;

public sealed class ProgressPrinterTests
{
    /// <summary>A clock that moves only when told.</summary>
    private sealed class FakeClock : TimeProvider
    {
        private static readonly DateTimeOffset Origin = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

        public TimeSpan Now { get; private set; }

        public void Advance(TimeSpan by) => Now += by;

        public DateTime UtcAt(TimeSpan at) => (Origin + at).UtcDateTime;

        public override DateTimeOffset GetUtcNow() => Origin + Now;

        public override long GetTimestamp() => Now.Ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    }

    private static Trial T(int index, double score = 90, double? exact = null, DateTime started = default) => new()
    {
        Index = index, Round = 0, Genotype = SearchSpaceRegistry.Nb201.Sample(new Random(index)), Tokens = ImmutableArray<int>.Empty,
        Status = TrialStatus.Ok, Score = score, Started = started,
        Metrics = exact is { } e ? ImmutableSortedDictionary<string, double>.Empty.Add("c10valid_val200_mean", e) : ImmutableSortedDictionary<string, double>.Empty,
    };

    private static SearchProgress P(int done, int budget = 100, Trial? best = null, bool replayed = false, IReadOnlyList<Trial>? running = null) =>
        new(done, budget, 0, 0, best ?? T(0), T(done - 1), replayed, running);

    [Fact]
    public void The_eta_is_the_remaining_evaluations_times_the_time_per_evaluation_so_far()
    {
        var clock = new FakeClock();
        var output = new StringWriter();
        var printer = new ProgressPrinter(output, clock: clock);
        for (var done = 1; done <= 10; done++)
        {
            clock.Advance(TimeSpan.FromSeconds(2));
            printer.Report(P(done));
        }
        // 10 evaluations in 20 s: 2 s each, 90 to go.
        Assert.Contains("10/100 evaluations", output.ToString());
        Assert.Contains("20.0 s, ETA 3m00s", output.ToString());
    }

    [Fact]
    public void Replayed_results_do_not_count_towards_the_time_per_evaluation()
    {
        var clock = new FakeClock();
        var output = new StringWriter();
        var printer = new ProgressPrinter(output, clock: clock);
        for (var done = 1; done <= 50; done++) printer.Report(P(done, replayed: true));
        for (var done = 51; done <= 60; done++)
        {
            clock.Advance(TimeSpan.FromSeconds(3));
            printer.Report(P(done));
        }
        // 10 new evaluations in 30 s, 40 to go: 2 minutes (the 50 replayed ones would make it 20 s).
        Assert.EndsWith("ETA 2m00s", output.ToString().TrimEnd().Split('\n')[^1]);
    }

    [Fact]
    public void With_a_table_the_line_shows_the_regret_of_the_best_so_far()
    {
        var output = new StringWriter();
        var printer = new ProgressPrinter(output, ("c10valid_val200_mean", 91.6067), new FakeClock());
        printer.Report(P(10, best: T(7, score: 91.2, exact: 91.0)));

        Assert.Contains("best 91.2 (trial 7), regret 0.6067", output.ToString());
    }

    [Fact]
    public void The_printer_for_an_embedded_table_run_knows_the_tables_optimum()
    {
        var output = new StringWriter();
        ProgressPrinter.For(output, new SearchOptions()).Report(P(10, best: T(7, exact: 91.5)));

        Assert.Contains("regret 0.1067", output.ToString());
    }

    [Fact]
    public void When_evaluations_take_long_the_line_lists_the_trials_running_now()
    {
        var clock = new FakeClock();
        var output = new StringWriter();
        var printer = new ProgressPrinter(output, clock: clock);
        var running = new[] { T(5, started: clock.UtcAt(TimeSpan.FromMinutes(8.5))), T(6, started: clock.UtcAt(TimeSpan.FromMinutes(9))) };
        for (var done = 1; done <= 5; done++)
        {
            clock.Advance(TimeSpan.FromMinutes(2));
            printer.Report(P(done, budget: 20, running: done == 5 ? running : []));
        }

        // 5 evaluations in 10 minutes (2 minutes each), 15 to go; trial 5 has run 1m30s.
        Assert.EndsWith("600.0 s, ETA 30m00s | running 2: trials 5, 6 (longest 1m30s)", output.ToString().TrimEnd());
    }

    [Fact]
    public void Quick_evaluations_do_not_list_the_trials_running()
    {
        var clock = new FakeClock();
        var output = new StringWriter();
        var printer = new ProgressPrinter(output, clock: clock);
        clock.Advance(TimeSpan.FromSeconds(1));
        printer.Report(P(10, running: [T(10, started: clock.UtcAt(TimeSpan.FromSeconds(0.9)))]));

        Assert.DoesNotContain("running", output.ToString());
    }

    [Fact]
    public void A_line_comes_at_least_every_heartbeat_between_the_tenths_of_the_budget()
    {
        var clock = new FakeClock();
        var output = new StringWriter();
        var printer = new ProgressPrinter(output, clock: clock);
        printer.Report(P(1));
        clock.Advance(TimeSpan.FromSeconds(10));
        printer.Report(P(2));
        clock.Advance(ProgressPrinter.Heartbeat);
        printer.Report(P(3));

        var lines = output.ToString().TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Contains("3/100 evaluations", lines[1]);
    }

    [Theory]
    [InlineData(12, "12 s")]
    [InlineData(185, "3m05s")]
    [InlineData(7620, "2h07m")]
    public void Durations_read_as_seconds_minutes_or_hours(int seconds, string text) =>
        Assert.Equal(text, ProgressPrinter.Duration(TimeSpan.FromSeconds(seconds)));
}
