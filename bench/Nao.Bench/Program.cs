using Nao.Bench;

// Usage: dotnet run -c Release --project bench/Nao.Bench -- NAME [options]
// Each benchmark times Nao and the PyTorch reference in bench/reference side by side and prints the ratio.
IBenchmark[] benchmarks =
[
    new CnnStepBenchmark(),
    new ControllerBenchmark(),
    new RnnLmBenchmark(),
    new SupernetMemoryBenchmark(),
    new RnnSupernetBenchmark(),
    new KernelsBenchmark(),
    new ImageFolderBenchmark(),
    new Nb201ProxyBenchmark(),
    new Nb201StepBenchmark(),
];

if (args.Length == 0 || benchmarks.All(b => b.Name != args[0]))
{
    Console.Error.WriteLine("usage: Nao.Bench NAME [options]");
    foreach (var b in benchmarks) Console.Error.WriteLine($"  {b.Name,-16} {b.Description}");
    return 2;
}
return benchmarks.First(b => b.Name == args[0]).Run(args[1..]);
