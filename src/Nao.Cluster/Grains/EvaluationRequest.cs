using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nao.Cluster.Grains;

/// <summary>
/// One evaluation as it travels to a worker: plain data (a space name, an architecture in its canonical text, and
/// the evaluator's settings as JSON, which name the evaluator kind), never code or type names. The worker checks
/// every part before it runs anything.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EvaluationRequest
{
    /// <summary>The Nao version of the sender; a worker of another version rejects the request. Default: empty.</summary>
    [Id(0)] public string Version { get; init; } = "";

    /// <summary>The search space name. Default: empty.</summary>
    [Id(1)] public string Space { get; init; } = "";

    /// <summary>The architecture in the space's canonical text; empty when only the settings are checked. Default: empty.</summary>
    [Id(2)] public string Architecture { get; init; } = "";

    /// <summary>The search options that define the evaluator (space, evaluator kind, benchmark and training settings) as JSON. Default: empty.</summary>
    [Id(3)] public string Options { get; init; } = "";

    /// <summary>
    /// The fidelity to evaluate at (e.g. epochs) when a multi-fidelity scheduler chose one for the trial; null for the
    /// evaluator's full fidelity. Part of the job's id: the same architecture at two fidelities is two jobs. Default: null.
    /// </summary>
    [Id(4)] public double? Fidelity { get; init; }

    /// <summary>
    /// The job's id: a hash of the whole request. Evaluators are deterministic (IEvaluator's contract), so equal
    /// requests have equal results; a restarted coordinator finds the jobs it had started by this id.
    /// </summary>
    public string JobId
    {
        get
        {
            var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(Fidelity is { } f
                ? $"{Version}\n{Space}\n{Architecture}\n{Options}\n{f.ToString("R", CultureInfo.InvariantCulture)}"
                : $"{Version}\n{Space}\n{Architecture}\n{Options}"));
            return Convert.ToHexStringLower(bytes.AsSpan(0, 16));
        }
    }
}
