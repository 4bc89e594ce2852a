namespace Nao.WeightSharing;

/// <summary>What one supernet training epoch measured (the report's supernet training curve).</summary>
/// <param name="Epoch">1-based epoch count over the whole search.</param>
/// <param name="Loss">Mean training loss over the epoch's mini-batches.</param>
/// <param name="Metric">Training accuracy (images) or perplexity (text) over the epoch.</param>
/// <param name="Batches">Mini-batches run, one sampled architecture each.</param>
/// <param name="Duration">Wall time.</param>
public sealed record SupernetEpochReport(int Epoch, double Loss, double Metric, int Batches, TimeSpan Duration);
