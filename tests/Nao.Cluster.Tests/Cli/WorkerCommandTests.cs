using Nao.Cli;

namespace Nao.Tests.Cli;

public sealed class WorkerCommandTests
{
    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = NaoApp.RunAsync(args, output, error).GetAwaiter().GetResult();
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Binding_to_another_address_without_listen_any_is_a_usage_error_before_anything_starts()
    {
        var (code, output, error) = Run("worker", "--cluster", "postgres://nao@127.0.0.1:1/nao", "--advertise", "10.1.2.3");
        Assert.Equal(2, code);
        Assert.Contains("error: --advertise 10.1.2.3 is not a loopback address", error);
        Assert.Contains("add --listen-any", error);
        Assert.DoesNotContain("ready", output);
    }

    [Fact]
    public void A_missing_data_root_and_an_unknown_cluster_are_usage_errors()
    {
        var missing = Run("worker", "--cluster", "localhost", "--data-root", "/no/such/folder/anywhere");
        Assert.Equal(2, missing.Code);
        Assert.Contains("The data root '/no/such/folder/anywhere' does not exist", missing.Error);

        var unknown = Run("worker", "--cluster", "redis://x");
        Assert.Equal(2, unknown.Code);
        Assert.Contains("Unknown cluster connection 'redis://x'", unknown.Error);
    }

    [Fact]
    public void A_database_that_cannot_be_reached_is_a_usage_error_that_says_what_to_check()
    {
        var (code, output, error) = Run("worker", "--cluster", "postgres://nao:secret@127.0.0.1:1/nao");

        Assert.Equal(2, code);
        Assert.Contains("error: The worker could not join the cluster (PostgreSQL 127.0.0.1:1/nao, cluster id 'nao')", error);
        Assert.Contains("Check the database connection, that deploy/postgres/*.sql were run on it, and the --cluster-id", error);
        Assert.DoesNotContain("secret", error);
        Assert.DoesNotContain("ready", output);
    }

    [Fact]
    public void The_worker_requires_a_cluster()
    {
        var (code, _, error) = Run("worker");
        Assert.Equal(2, code);
        Assert.Contains("--cluster", error);
    }

    [Fact]
    public void Search_refuses_an_unknown_evaluator_before_connecting_to_the_cluster()
    {
        var (code, _, error) = Run("search", "--cluster", "localhost", "--base-gateway-port", "1", "--evaluator", "python", "--strategy", "random");
        Assert.Equal(2, code);
        Assert.Contains("Unknown evaluator name 'python'", error);
        Assert.DoesNotContain("Connecting", error);
    }

    [Fact]
    public void Search_refuses_a_command_line_with_cluster_before_connecting_and_says_how_to_set_up_both_sides()
    {
        var (code, _, error) = Run("search", "--cluster", "localhost", "--base-gateway-port", "1", "--strategy", "random",
            "--evaluator", "command", "--command", "sh score.sh", "--budget", "2");
        Assert.Equal(2, code);
        Assert.Contains("error: --command gives a trial command line, which cluster workers never run", error);
        Assert.Contains("nao worker --allow-command NAME=COMMAND", error);
        Assert.Contains("--command-name NAME", error);
        Assert.DoesNotContain("Connecting", error);
    }

    [Fact]
    public void An_allow_command_without_a_name_is_a_usage_error_before_anything_starts()
    {
        var (code, output, error) = Run("worker", "--cluster", "localhost", "--allow-command", "python3 train.py");
        Assert.Equal(2, code);
        Assert.Contains("--allow-command takes NAME=COMMAND", error);
        Assert.DoesNotContain("ready", output);
    }
}
