using System.Text.RegularExpressions;

namespace Nao.Tests.Support;

/// <summary>
/// The step-by-step of <c>deploy/postgres/README.md</c>, read from the file itself, so that the tests run the exact
/// commands a user is told to run and the document cannot drift from the code.
/// </summary>
public sealed partial class DeployReadme
{
    private DeployReadme(string text, IReadOnlyList<string> commands)
    {
        Text = text;
        Commands = commands;
    }

    public string Text { get; }

    /// <summary>The commands of the README's <c>```sh</c> blocks, in order, continuation lines joined, comments removed.</summary>
    public IReadOnlyList<string> Commands { get; }

    /// <summary>The repository root (the README's commands name files relative to it).</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "deploy", "postgres", "README.md"))) return dir.FullName;
            }
            throw new FileNotFoundException($"deploy/postgres/README.md is in no folder above {AppContext.BaseDirectory}.");
        }
    }

    public static DeployReadme Load()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot, "deploy", "postgres", "README.md"));
        var commands = new List<string>();
        foreach (Match block in ShellBlock().Matches(text))
        {
            var joined = Regex.Replace(block.Groups[1].Value, @"\\\s*\n\s*", " ");
            foreach (var raw in joined.Split('\n'))
            {
                var line = TrailingComment().Replace(raw, "").Trim();
                if (line.Length > 0) commands.Add(Regex.Replace(line, @"\s+", " "));
            }
        }
        return new DeployReadme(text, commands);
    }

    /// <summary>The value the README tells users to give listen_addresses.</summary>
    public string ListenAddresses => Required(ListenLine(), "listen_addresses = '…'");

    /// <summary>The network of the README's pg_hba.conf line.</summary>
    public string HbaNetwork => Required(HbaLine(), "host nao nao NETWORK scram-sha-256");

    private string Required(Regex pattern, string what)
    {
        var match = pattern.Match(Text);
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException($"deploy/postgres/README.md no longer says {what}; update the test with it.");
    }

    [GeneratedRegex(@"```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    [GeneratedRegex(@"\s{2,}#.*$")]
    private static partial Regex TrailingComment();

    [GeneratedRegex(@"listen_addresses = '([^']+)'")]
    private static partial Regex ListenLine();

    [GeneratedRegex(@"host nao nao (\S+) scram-sha-256")]
    private static partial Regex HbaLine();
}
