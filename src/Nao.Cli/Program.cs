using Nao.Cli;

using var cancellation = new CancellationTokenSource();
// The first Ctrl-C asks the running command to stop cleanly (a search saves its state); a second one kills the process.
Console.CancelKeyPress += (_, e) =>
{
    if (cancellation.IsCancellationRequested) return;
    e.Cancel = true;
    cancellation.Cancel();
    Console.Error.WriteLine("Stopping… (press Ctrl-C again to kill)");
};
return await NaoApp.RunAsync(args, Console.Out, Console.Error, cancellation.Token);
