using Nao.Strategies;

namespace Nao.Storage;

/// <summary>A controller checkpoint of a run: the round whose fit it holds, its file, and what the fit measured.</summary>
public sealed record CheckpointInfo(int Round, string Path, OptimizerFitReport Fit, DateTime Saved);
