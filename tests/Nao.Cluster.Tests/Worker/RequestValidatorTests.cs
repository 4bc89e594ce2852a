using System.Text.Json.Nodes;
using Nao.Cluster.Coordinator;
using Nao.Cluster.Grains;
using Nao.Cluster.Worker;
using Nao.Evaluation;
using Nao.Experiments;
using Nao.SearchSpaces;
using Nao.Tests.Support;
using Nao.Sessions;
using Nao.Search;

namespace Nao.Tests.Worker;

public sealed class RequestValidatorTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly RequestValidator _validator;
    private readonly string _root;

    public RequestValidatorTests()
    {
        _root = _temp.Combine("data");
        Directory.CreateDirectory(_root);
        _validator = new RequestValidator(new DataRoots([_root]), new SearchRunner(SearchParts.Core));
    }

    public void Dispose() => _temp.Dispose();

    private static SearchOptions Sleep => new() { Space = "nb201", Strategy = "random", Evaluator = "sleep", Sleep = new SleepEvaluatorOptions { Seconds = 0 } };

    private static EvaluationRequest Request(SearchOptions options, string? architecture = null) =>
        ClusterSession.RequestTemplate(options) with { Architecture = architecture ?? SearchSpaceRegistry.Nb201.Sample(new Random(1)).Canonical };

    [Fact]
    public void A_valid_request_passes_with_its_architecture_parsed()
    {
        var request = Request(Sleep);
        var validated = _validator.Validate(request);
        Assert.Equal(request.Architecture, validated.Genotype!.Canonical);
        Assert.Equal("sleep", validated.Options.Evaluator);
    }

    [Fact]
    public void An_unknown_evaluator_kind_is_rejected_with_the_valid_kinds()
    {
        var json = JsonNode.Parse(Request(Sleep).Options)!.AsObject();
        json["evaluator"] = "python -c 'import os'";
        var request = Request(Sleep) with { Options = json.ToJsonString() };
        var e = Assert.Throws<RequestRejectedException>(() => _validator.Validate(request));
        Assert.Contains("Unknown evaluator name 'python -c 'import os''", e.Message);
        Assert.Contains("Valid evaluator names: benchmark, train, weight-sharing, command, table, sleep", e.Message);
    }

    [Fact]
    public void A_weight_sharing_request_is_rejected_since_its_supernet_lives_in_the_searching_process()
    {
        var options = new SearchOptions { Space = "enas-rnn", Strategy = "random", Evaluator = "weight-sharing" };
        var request = ClusterSession.RequestTemplate(options) with { Architecture = SearchSpaceRegistry.Get("enas-rnn").Sample(new Random(1)).Canonical };
        var e = Assert.Throws<RequestRejectedException>(() => _validator.Validate(request));
        Assert.Contains("without --cluster", e.Message);
    }

    [Fact]
    public void A_benchmark_file_outside_the_data_roots_is_rejected_before_anything_runs()
    {
        var options = Sleep with { Benchmark = new TabularEvaluatorOptions { BenchmarkPath = "/etc/passwd" } };
        var e = Assert.Throws<RequestRejectedException>(() => _validator.Validate(Request(options)));
        Assert.Contains("benchmark file '/etc/passwd' lies outside this worker's data roots", e.Message);
    }

    [Fact]
    public void A_relative_benchmark_file_is_looked_up_in_the_data_roots()
    {
        File.WriteAllText(Path.Combine(_root, "table.csv"), "arch\n");
        var options = Sleep with { Benchmark = new TabularEvaluatorOptions { BenchmarkPath = "table.csv" } };
        var validated = _validator.Validate(Request(options));
        Assert.Equal(Path.Combine(_root, "table.csv"), validated.Options.Benchmark.BenchmarkPath);
    }

    [Fact]
    public void Paths_in_the_opaque_training_settings_are_checked_too()
    {
        // A worker with a trainer (one that is never called: only the settings are checked here).
        var validator = new RequestValidator(new DataRoots([_root]), new SearchRunner(null, (_, _) => throw new InvalidOperationException("not called")));
        var train = Sleep with { Evaluator = "train" };
        var outside = train with { Training = new JsonObject { ["trainer"] = new JsonObject { ["checkpointDirectory"] = "/tmp/../root/.ssh" } } };
        var e = Assert.Throws<RequestRejectedException>(() => validator.Validate(Request(outside)));
        Assert.Contains("setting 'checkpointDirectory'", e.Message);

        var slashy = train with { Training = new JsonObject { ["anything"] = "../../etc/shadow" } };
        Assert.Throws<RequestRejectedException>(() => validator.Validate(Request(slashy)));

        var inside = train with { Training = new JsonObject { ["dataDir"] = "cifar-10", ["epochs"] = 3, ["name"] = "plain text" } };
        var validated = validator.Validate(Request(inside));
        Assert.Equal(Path.Combine(_root, "cifar-10"), validated.Options.Training!["dataDir"]!.GetValue<string>());
        Assert.Equal("plain text", validated.Options.Training!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Settings_with_missing_parts_are_rejected_not_crashed_on()
    {
        var request = Request(Sleep) with { Options = """{"space":"nb201","evaluator":"sleep","benchmark":null,"sleep":null}""" };
        Assert.Contains("incomplete", Assert.Throws<RequestRejectedException>(() => _validator.Validate(request)).Message);
    }

    [Fact]
    public void A_request_from_another_Nao_version_is_rejected()
    {
        var e = Assert.Throws<RequestRejectedException>(() => _validator.Validate(Request(Sleep) with { Version = "0.0.1-other" }));
        Assert.Contains("Run the same Nao version", e.Message);
    }

    [Fact]
    public void Garbage_settings_and_architectures_are_rejected_with_their_reason()
    {
        var garbage = Request(Sleep) with { Options = "{not json" };
        Assert.Contains("not valid JSON", Assert.Throws<RequestRejectedException>(() => _validator.Validate(garbage)).Message);
        var architecture = Request(Sleep, "|rm -rf~0|");
        Assert.Contains("not valid in the nb201 space", Assert.Throws<RequestRejectedException>(() => _validator.Validate(architecture)).Message);
    }

    [Fact]
    public void The_strategy_settings_do_not_travel_so_equal_evaluators_share_one_job_id()
    {
        var a = Request(Sleep with { Strategy = "evolution", Seed = 1, Loop = new SearchLoopOptions { Budget = 7, Parallel = 3 } }, "x");
        var b = Request(Sleep with { Strategy = "random", Seed = 1 }, "x");
        Assert.Equal(a.JobId, b.JobId);
        Assert.NotEqual(a.JobId, (a with { Architecture = "y" }).JobId);
    }
}
