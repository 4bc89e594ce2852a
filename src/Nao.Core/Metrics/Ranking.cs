namespace Nao.Metrics;

/// <summary>Rank agreement between predicted and true scores (the paper's predictor accuracy, Fig. 2a).</summary>
public static class Ranking
{
    /// <summary>
    /// The share of pairs (i, j) with distinct true scores whose predicted order agrees with the true order
    /// (the paper's acc_f). Pairs with tied predictions count as half right.
    /// </summary>
    public static double PairwiseAccuracy(IReadOnlyList<double> predicted, IReadOnlyList<double> actual)
    {
        Check(predicted, actual);
        double right = 0;
        long pairs = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            for (var j = i + 1; j < actual.Count; j++)
            {
                if (actual[i] == actual[j]) continue;
                pairs++;
                var sign = Math.Sign(actual[i] - actual[j]) * Math.Sign(predicted[i] - predicted[j]);
                right += sign > 0 ? 1 : sign == 0 ? 0.5 : 0;
            }
        }
        return pairs == 0 ? double.NaN : right / pairs;
    }

    /// <summary>Kendall's tau-b, which corrects for ties in either list.</summary>
    public static double KendallTau(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        Check(x, y);
        long concordant = 0, discordant = 0, tiesX = 0, tiesY = 0;
        for (var i = 0; i < x.Count; i++)
        {
            for (var j = i + 1; j < x.Count; j++)
            {
                var dx = Math.Sign(x[i] - x[j]);
                var dy = Math.Sign(y[i] - y[j]);
                if (dx == 0 && dy == 0) continue;
                if (dx == 0) tiesX++;
                else if (dy == 0) tiesY++;
                else if (dx == dy) concordant++;
                else discordant++;
            }
        }
        var denominator = Math.Sqrt((double)(concordant + discordant + tiesX) * (concordant + discordant + tiesY));
        return denominator == 0 ? double.NaN : (concordant - discordant) / denominator;
    }

    /// <summary>Spearman's rank correlation (Pearson correlation of average ranks).</summary>
    public static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        Check(x, y);
        var rx = Ranks(x);
        var ry = Ranks(y);
        var mx = rx.Average();
        var my = ry.Average();
        double cov = 0, vx = 0, vy = 0;
        for (var i = 0; i < rx.Length; i++)
        {
            cov += (rx[i] - mx) * (ry[i] - my);
            vx += (rx[i] - mx) * (rx[i] - mx);
            vy += (ry[i] - my) * (ry[i] - my);
        }
        return vx == 0 || vy == 0 ? double.NaN : cov / Math.Sqrt(vx * vy);
    }

    /// <summary>Average ranks, 1-based; ties share the mean of their ranks.</summary>
    public static double[] Ranks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            var rank = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++) ranks[order[k]] = rank;
            start = end + 1;
        }
        return ranks;
    }

    private static void Check(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count) throw new ArgumentException($"The two lists differ in length: {a.Count} and {b.Count}.");
    }
}
