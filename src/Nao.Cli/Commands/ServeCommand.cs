using System.CommandLine;
using Nao.Dashboard;

namespace Nao.Cli.Commands;

/// <summary><c>nao serve</c>: a live, read-only web dashboard over a folder of runs.</summary>
public static class ServeCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var defaults = new DashboardOptions();
        var runs = new Option<string>("--runs") { Description = "The folder of runs (a run, a folder of runs, a nao compare folder, a cluster coordinator's run).", DefaultValueFactory = _ => defaults.RunsDirectory };
        var port = new Option<int>("--port") { Description = "The TCP port (0 picks a free one).", DefaultValueFactory = _ => defaults.Port };
        var listen = new Option<string>("--listen") { Description = "The address to listen on; anything but loopback needs a token (--token, or one is generated and printed).", DefaultValueFactory = _ => defaults.Listen };
        var token = new Option<string?>("--token") { Description = "The token every request must carry (in the printed address, or as 'Authorization: Bearer TOKEN')." };
        var command = new Command("serve", "Serve a live dashboard of the runs in a folder (default: runs) at http://127.0.0.1:8686/.") { runs, port, listen, token };
        command.SetAction((parse, ct) => console.RunAsync(async cancel =>
        {
            var options = new DashboardOptions
            {
                RunsDirectory = parse.GetValue(runs)!, Port = parse.GetValue(port), Listen = parse.GetValue(listen)!, Token = parse.GetValue(token),
            }.Secured();
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }
            await DashboardServer.RunAsync(options, console.Out, cancel);
            return ExitCodes.Success;
        }, ct));
        return command;
    }
}
