namespace Nao.Reporting;

/// <summary>Axis and caption names of NAS-Bench-201's metric columns, with units, for plots fit to print.</summary>
public static class MetricLabel
{
    private static readonly Dictionary<string, string> Datasets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["c10valid"] = "CIFAR-10", ["c10"] = "CIFAR-10", ["c100"] = "CIFAR-100", ["in16"] = "ImageNet16-120",
    };

    /// <summary>
    /// "CIFAR-10 validation accuracy, %" for <c>c10valid_val200_mean</c>, and so on for the table's accuracy columns;
    /// any other name as it is; "score" for none.
    /// </summary>
    public static string Describe(string? metric)
    {
        if (string.IsNullOrWhiteSpace(metric)) return "score";
        // NAS-Bench-201 columns: DATASET_SPLITEPOCHS_mean, e.g. c10valid_val200_mean, c100_test200_mean.
        var parts = metric.Split('_');
        if (parts.Length != 3 || !Datasets.TryGetValue(parts[0], out var dataset) || parts[2] != "mean") return metric;
        var split = parts[1].StartsWith("val", StringComparison.Ordinal) ? "validation" : parts[1].StartsWith("test", StringComparison.Ordinal) ? "test" : null;
        return split is null ? metric : $"{dataset} {split} accuracy, %";
    }
}
