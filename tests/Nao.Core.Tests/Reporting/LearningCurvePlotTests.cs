using System.Buffers.Binary;
using System.Collections.Immutable;
using Nao.Evaluation;
using Nao.Experiments;
using Nao.Reporting;
using Nao.Tests.Experiments;
using ScottPlot;
using ScottPlot.Plottables;

namespace Nao.Tests.Reporting;

public sealed class LearningCurvePlotTests
{
    private static Trial T(int index, TrialStatus status, params double[] scores) => new()
    {
        Index = index, Round = 0, Genotype = Searches.Space.Sample(new Random(index)), Tokens = ImmutableArray<int>.Empty,
        Status = status, Score = scores.Length > 0 ? scores[^1] : double.NaN, Record = [],
        Curve = [.. scores.Select((s, i) => new CurvePoint(i + 1, s))],
    };

    private static readonly Trial[] Trials =
    [
        T(0, TrialStatus.Ok, 0.3, 0.5, 0.6, 0.7),
        T(1, TrialStatus.Stopped, 0.2, 0.25),
        T(2, TrialStatus.Failed, 0.1),
        T(3, TrialStatus.Ok), // no curve: not drawn
        T(4, TrialStatus.Ok, 0.35, 0.55, 0.65, 0.72),
    ];

    [Fact]
    public void Every_trial_with_a_curve_is_one_line_and_stopped_ones_are_orange_ending_in_a_cross_where_they_stopped()
    {
        var plot = LearningCurvePlot.Build(Trials, "dev accuracy");

        var lines = plot.GetPlottables<Scatter>().ToList();
        Assert.Equal(4, lines.Count);
        Assert.Equal([4, 2, 1, 4], lines.Select(l => l.Data.GetScatterPoints().Count));
        Assert.Equal(Colors.DarkOrange.WithAlpha(0.9), lines[1].Color);
        var orange = (Colors.DarkOrange.Red, Colors.DarkOrange.Green, Colors.DarkOrange.Blue);
        Assert.All(new[] { lines[0], lines[2], lines[3] }, l => Assert.NotEqual(orange, (l.Color.Red, l.Color.Green, l.Color.Blue)));
        // One legend entry per kind of trial, not one per trial.
        Assert.Equal(["ran to the end", "stopped early", "failed"], lines.Select(l => l.LegendText).Where(t => !string.IsNullOrEmpty(t)));

        var cross = Assert.Single(plot.GetPlottables<Marker>());
        Assert.Equal(new Coordinates(2, 0.25), cross.Location);
        Assert.Equal(MarkerShape.Cross, cross.MarkerShape);
        Assert.Equal("dev accuracy", plot.Axes.Left.Label.Text);
    }

    [Fact]
    public void The_figure_is_written_as_a_1600_by_1000_png_and_only_runs_with_curves_have_one()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nao-curves-{Guid.NewGuid():N}.png");
        try
        {
            LearningCurvePlot.SavePng(Trials, "dev accuracy", path);
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
            // The IHDR chunk comes first: width and height, big-endian, at bytes 16-23.
            Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
            Assert.Equal(1600, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
            Assert.Equal(1000, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
        }
        finally
        {
            File.Delete(path);
        }
        Assert.True(LearningCurvePlot.HasCurves(Trials));
        Assert.False(LearningCurvePlot.HasCurves([T(5, TrialStatus.Ok)]));
    }
}
