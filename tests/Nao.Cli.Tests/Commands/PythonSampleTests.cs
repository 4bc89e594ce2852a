using System.Diagnostics;

namespace Nao.Tests.Commands;

/// <summary>
/// samples/python through <c>nao search --evaluator command</c>, a real python3 subprocess per trial: train.py where
/// PyTorch imports, else score_without_torch.py. python3 itself is required (Debian ships it): without it these fail.
/// </summary>
public sealed class PythonSampleTests
{
    [Fact]
    public void A_search_runs_the_python_sample_as_each_trials_command_and_stores_its_learning_curve()
    {
        using var temp = new TempFolder();
        // train.py with the first interpreter that imports torch (Debian's python3-torch lives in /usr/bin/python3's
        // packages, which a python3 of pyenv's on the PATH does not see), else the torch-free stand-in.
        var command = TorchPython() is { } python
            ? $"{python} '{Samples.Path("python/train.py")}' --epochs 2 --train 128 --dev 64"
            : $"python3 '{Samples.Path("python/score_without_torch.py")}'";

        var result = CliRunner.Run("search", "--space-file", Samples.Path("python/space.yaml"), "--evaluator", "command",
            "--command", command, "--strategy", "random", "--budget", "3", "--seed", "1", "--run", temp["run"]);

        Assert.True(result.ExitCode == 0, result.Error + result.Out);
        for (var trial = 0; trial < 3; trial++)
        {
            var log = File.ReadAllText(Path.Combine(temp["run"], "trials", $"{trial:D5}", "stdout.log"));
            Assert.Contains("\"epoch\": 2", log);
            Assert.Contains("\"score\"", log);
        }
        Assert.Contains("3 trials (0 failed", result.Out + result.Error);
    }

    [Fact]
    public void Train_py_without_torch_exits_3_and_says_how_to_install_it()
    {
        // python3 -S skips site-packages, where torch lives (pip and Debian's python3-torch alike).
        var (code, _, error) = Python("-S", Samples.Path("python/train.py"));
        Assert.Equal(3, code);
        Assert.Contains("apt install python3-torch", error);
        Assert.Contains("score_without_torch.py", error);
    }

    [Fact]
    public void The_torch_free_scorer_prefers_wide_kernel_3_layers_and_prints_a_curve_then_the_final_score()
    {
        static double Final(string output) => double.Parse(output.Trim().Split('\n')[^1].Split("\"score\": ")[1].Split(',')[0],
            System.Globalization.CultureInfo.InvariantCulture);
        var script = Samples.Path("python/score_without_torch.py");
        var wide = Python(script, stdin: """{"architecture": "a", "decisions": {"layer0.width": "32", "layer0.kernel": "3", "layer0.down": "keep"}}""");
        var narrow = Python(script, stdin: """{"architecture": "a", "decisions": {"layer0.width": "8", "layer0.kernel": "5", "layer0.down": "keep"}}""");
        Assert.Equal(0, wide.Code);
        Assert.Equal(4, wide.Output.Trim().Split('\n').Length);
        Assert.True(Final(wide.Output) > Final(narrow.Output), wide.Output + narrow.Output);
    }

    private static string? TorchPython() =>
        new[] { "python3", "/usr/bin/python3" }.FirstOrDefault(p => (p == "python3" || File.Exists(p)) && Python("-c", "import torch", interpreter: p).Code == 0);

    private static (int Code, string Output, string Error) Python(string first, string? second = null, string? stdin = null, string interpreter = "python3")
    {
        var start = new ProcessStartInfo(interpreter) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(first);
        if (second is not null) start.ArgumentList.Add(second);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"These tests need python3 on the PATH (Debian: apt install python3): {e.Message}");
            throw;
        }
        using (process)
        {
            process.StandardInput.Write(stdin ?? "{}");
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output.Result, error);
        }
    }
}
