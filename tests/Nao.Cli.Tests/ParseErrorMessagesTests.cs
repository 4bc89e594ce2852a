using System.CommandLine;
using Nao.Cli;

namespace Nao.Tests;

/// <summary>Parse errors as Nao words them: types in words, suggestions for misspellings, quoted arguments kept short and printable.</summary>
public sealed class ParseErrorMessagesTests
{
    [Theory]
    [InlineData("--seed takes an integer, not 'abc' (e.g. --seed 0).", "search", "--seed", "abc")]
    [InlineData("--budget takes a whole number ≥ 1, not '1.5' (e.g. --budget 200).", "search", "--budget", "1.5")]
    [InlineData("--budget takes a whole number ≥ 1, not 'many' (e.g. --budget 200).", "search", "--budget=many")]
    [InlineData("--initial-pool takes a whole number ≥ 2, not 'two' (e.g. --initial-pool 60).", "search", "--initial-pool", "two")]
    [InlineData("--noise takes a number ≥ 0, not 'x' (e.g. --noise 0).", "search", "--noise", "x")]
    [InlineData("--lr takes a number, not 'fast' (e.g. --lr 0.024).", "train", "NAONet", "--lr", "fast")]
    [InlineData("--epochs takes a whole number ≥ 1, not 'ten' (e.g. --epochs 25).", "train", "NAONet", "--epochs", "ten")]
    [InlineData("--limit-train takes a whole number ≥ 2, not '1e4' (e.g. --limit-train 2).", "train", "NAONet", "--limit-train", "1e4")]
    [InlineData("--seed takes an integer, not '99999999999' (e.g. --seed 0).", "search", "--seed", "99999999999")]
    [InlineData("--budget needs a value: a whole number ≥ 1 (e.g. --budget 200).", "search", "--budget")]
    public void A_value_of_the_wrong_type_is_described_in_words_with_an_example(string message, params string[] args)
    {
        var result = CliRunner.Run(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"error: {message}", result.Error);
        Assert.DoesNotContain("System.", result.Error);
    }

    [Fact]
    public void Every_numeric_option_of_every_command_names_what_it_takes_without_a_dotnet_type()
    {
        var checkedOptions = 0;
        foreach (var (path, command) in Commands(NaoApp.BuildRoot(new CliConsole(TextWriter.Null, TextWriter.Null)), []))
        {
            foreach (var option in command.Options.Where(o => OptionRanges.Describe(o) is { } kind && kind != "true or false"))
            {
                var result = CliRunner.Run([.. path, option.Name, "not-a-number"]);
                Assert.Equal(ExitCodes.Usage, result.ExitCode);
                Assert.Contains($"error: {option.Name} takes ", result.Error);
                Assert.Contains("not 'not-a-number' (e.g. ", result.Error);
                Assert.DoesNotContain("System.", result.Error);
                checkedOptions++;
            }
        }
        Assert.True(checkedOptions > 40, $"only {checkedOptions} numeric options found");
    }

    [Theory]
    [InlineData("did you mean --budget?", "search", "--budgte", "20")]
    [InlineData("did you mean --strategy?", "search", "--strat", "random")]
    [InlineData("did you mean --ws-epochs?", "search", "--wsepochs", "3")]
    [InlineData("did you mean --filters?", "params", "NAONet", "--filter", "36")]
    [InlineData("did you mean --strategies?", "compare", "--stratgies", "nao,random")]
    [InlineData("did you mean 'nao search'?", "serach")]
    [InlineData("did you mean 'nao controller evaluate'?", "controller", "evalute")]
    public void A_misspelled_option_or_command_suggests_the_closest_valid_one_in_one_message(string suggestion, params string[] args)
    {
        var result = CliRunner.Run(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(suggestion, result.Error);
        // The value after a misspelled option is not a second error, and no "Required command was not provided" either.
        Assert.Single(result.Error.Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_command_suggests_each_of_its_options_when_one_letter_is_doubled()
    {
        var checkedOptions = 0;
        foreach (var (path, command) in Commands(NaoApp.BuildRoot(new CliConsole(TextWriter.Null, TextWriter.Null)), []))
        {
            foreach (var option in command.Options.Where(o => o.Name.StartsWith("--", StringComparison.Ordinal) && o.Name.Length >= 6 && !o.Hidden))
            {
                var typo = option.Name.Insert(4, option.Name[4].ToString());
                var result = CliRunner.Run([.. path, typo]);
                Assert.Equal(ExitCodes.Usage, result.ExitCode);
                Assert.Contains($"'{typo}' is not an option of 'nao {string.Join(' ', path)}'; did you mean ", result.Error);
                Assert.Contains(option.Name, result.Error);
                checkedOptions++;
            }
        }
        Assert.True(checkedOptions > 60, $"only {checkedOptions} options found");
    }

    [Fact]
    public void An_unknown_option_with_nothing_close_points_to_the_help()
    {
        var result = CliRunner.Run("search", "--zzzzzzzz");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("error: '--zzzzzzzz' is not an option of 'nao search'; 'nao search --help' lists the valid ones.", result.Error);
    }

    [Fact]
    public void A_huge_argument_is_quoted_by_its_first_80_characters_and_a_count_of_the_rest()
    {
        var huge = new string('7', 40) + new string('x', 260);

        var parse = CliRunner.Run("search", "--seed", huge);
        var usage = CliRunner.Run("show", huge);

        Assert.Equal(ExitCodes.Usage, parse.ExitCode);
        Assert.Contains($"not '{huge[..80]}… (220 more characters)'", parse.Error);
        Assert.Equal(ExitCodes.Usage, usage.ExitCode);
        Assert.Contains($"'{huge[..80]}… (220 more characters)'", usage.Error);
        Assert.DoesNotContain(huge, parse.Error + usage.Error);
    }

    [Fact]
    public void Control_bytes_in_an_argument_are_escaped_in_the_error()
    {
        var binary = "a\u0007b\u001b[31mc\u0000";

        var parse = CliRunner.Run("search", "--seed", binary);
        var unknown = CliRunner.Run("search", "--" + binary);
        var usage = CliRunner.Run("search", "--space", binary);

        foreach (var result in new[] { parse, unknown, usage })
        {
            Assert.Equal(ExitCodes.Usage, result.ExitCode);
            Assert.Contains(@"a\x07b\x1b[31mc\x00", result.Error);
            Assert.DoesNotContain(result.Error, c => char.IsControl(c) && c is not '\n' and not '\r');
        }
    }

    [Theory]
    [InlineData("short", "short")]
    [InlineData("tab\there", @"tab\x09here")]
    [InlineData("\u007f\u0085", @"\x7f\x85")]
    public void Shorten_escapes_control_characters_and_keeps_short_text(string text, string expected) =>
        Assert.Equal(expected, ArgumentText.Shorten(text));

    [Fact]
    public void Shorten_counts_what_it_leaves_out()
    {
        Assert.Equal(new string('a', 80), ArgumentText.Shorten(new string('a', 80)));
        Assert.Equal(new string('a', 80) + "… (1 more character)", ArgumentText.Shorten(new string('a', 81)));
        Assert.Equal(new string('a', 80) + "… (20 more characters)", ArgumentText.Shorten(new string('a', 100)));
    }

    /// <summary>Every command of the tree with its path below the root (["search"], ["controller", "evaluate"]).</summary>
    private static IEnumerable<(string[] Path, Command Command)> Commands(Command command, string[] path)
    {
        foreach (var sub in command.Subcommands)
        {
            string[] subPath = [.. path, sub.Name];
            yield return (subPath, sub);
            foreach (var nested in Commands(sub, subPath)) yield return nested;
        }
    }
}
