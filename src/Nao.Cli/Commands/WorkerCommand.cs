using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Nao.Cluster;
using Nao.Cluster.Worker;
using Nao.Torch;
using TorchSharp;

namespace Nao.Cli.Commands;

/// <summary><c>nao worker</c>: joins a cluster as an Orleans silo and evaluates architectures on request until stopped.</summary>
public static class WorkerCommand
{
    private static readonly WorkerOptions Defaults = new();

    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var cluster = new ClusterOptionSet(required: true,
            "The cluster to join: 'localhost' (one machine) or a PostgreSQL database ('postgres://USER@HOST:5432/DB' or an Npgsql connection string).");
        var slots = new Option<int>("--slots") { Description = "Evaluations this worker runs at once.", DefaultValueFactory = _ => Defaults.Slots };
        var device = new Option<string>("--device") { Description = "Device of the training evaluators: cpu or cuda.", DefaultValueFactory = _ => Defaults.Device };
        var dataRoot = new Option<string[]>("--data-root") { Description = "A folder requests may read data from (repeatable); paths outside every data root are rejected.", Arity = ArgumentArity.ZeroOrMore };
        var port = new Option<int>("--port") { Description = "This worker's silo port (default: the first free one from --base-port up)." };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "This worker's gateway port (default: the one paired with the silo port)." };
        var advertise = new Option<string?>("--advertise") { Description = "The IP address other machines reach this worker at (default: 127.0.0.1, this machine only). Needs --listen-any when not loopback." };
        var listenAny = new Option<bool>("--listen-any") { Description = "Listen on every network interface: anyone who reaches the ports and knows the cluster id can then submit evaluations." };
        var lease = new Option<double>("--lease") { Description = "Seconds a job survives without a coordinator polling it (a restarted coordinator picks it up within this time).", DefaultValueFactory = _ => Defaults.LeaseSeconds };
        var name = new Option<string?>("--name") { Description = "The worker's name in logs (default: HOST:PORT)." };
        var allowCommand = new Option<string[]>("--allow-command")
        {
            Description = "A trial command this worker runs, as NAME=COMMAND (repeatable), e.g. train='python3 train.py'; searches name it with " +
                          "--evaluator command --command-name NAME. Workers run no other command line.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var workDir = new Option<string?>("--work-dir") { Description = "The folder trial commands run in, as WORK/WORKER/SEARCH/trials/NNNNN; their logs stay here (default: nao-worker in the temporary folder)." };
        var command = new Command("worker", "Join a cluster and evaluate architectures for searches started with 'nao search --cluster'. Runs until Ctrl-C or SIGTERM; its running evaluations then move to other workers.");
        foreach (var option in cluster.All.Concat<Option>([slots, device, dataRoot, allowCommand, workDir, port, gatewayPort, advertise, listenAny, lease, name])) command.Options.Add(option);
        command.SetAction((parse, ct) => console.RunAsync(async token =>
        {
            var settings = cluster.Bind(parse)!;
            WorkerOptions options;
            try
            {
                options = new WorkerOptions
                {
                    Slots = parse.GetValue(slots),
                    Device = parse.GetValue(device)!.Trim().ToLowerInvariant(),
                    DataRoots = parse.GetValue(dataRoot) ?? [],
                    AllowedCommands = WorkerOptions.ParseAllowedCommands(parse.GetValue(allowCommand) ?? []),
                    WorkDirectory = parse.GetValue(workDir),
                    Port = parse.GetValue(port),
                    GatewayPort = parse.GetValue(gatewayPort),
                    Advertise = parse.GetValue(advertise),
                    ListenAny = parse.GetValue(listenAny),
                    LeaseSeconds = parse.GetValue(lease),
                    Name = parse.GetValue(name),
                };
                options.Validate(settings);
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }
            if (options.Device == "cuda") RequireCuda();
            var output = TextWriter.Synchronized(console.Out);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
            // SIGTERM (a scheduler or systemd stopping the worker) leaves the cluster cleanly, like Ctrl-C.
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });
            WorkerHost worker;
            try
            {
                worker = await WorkerHost.StartAsync(settings, options, Runners.Create(), output.WriteLine, parse.GetValue(cluster.Log), stop.Token);
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }
            catch (ClusterUnavailableException e)
            {
                // An unreachable or unprepared database is fixed by the user (its address, the SQL scripts, the cluster
                // id), and the message says how; the coordinator treats it the same way.
                throw new UsageException(e.Message);
            }
            await using (worker)
            {
                var roots = options.DataRoots.Count == 0 ? "none" : string.Join(", ", options.DataRoots.Select(Path.GetFullPath));
                var commands = options.AllowedCommands.Count == 0 ? "none" : string.Join(", ", options.AllowedCommands.Keys.Order(StringComparer.Ordinal));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"worker {worker.Name} ready: {settings.Connection.Describe()}, cluster id '{settings.ClusterId}', silo {worker.SiloAddress}, gateway port {worker.GatewayPort}, " +
                    $"{options.Slots} slot{(options.Slots == 1 ? "" : "s")}, device {options.Device}, data roots: {roots}, trial commands: {commands} (work folder {worker.WorkFolder})"));
                try
                {
                    await Task.Delay(Timeout.Infinite, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl-C or SIGTERM: the normal way to stop a worker.
                }
                output.WriteLine($"worker {worker.Name} stopping: running evaluations are cancelled and move to other workers");
                await worker.StopAsync(CancellationToken.None);
            }
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static void RequireCuda()
    {
        TorchRuntime.Initialize();
        if (!torch.cuda.is_available())
        {
            throw new UsageException("--device cuda: libtorch sees no CUDA device here (this build ships the CPU libtorch). Use --device cpu, or run a CUDA build of Nao on a GPU machine.");
        }
    }
}
