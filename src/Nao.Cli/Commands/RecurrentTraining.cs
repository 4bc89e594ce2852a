using System.Globalization;
using System.Text.Json;
using Nao.Data;
using Nao.Data.Text;
using Nao.Genotypes;
using Nao.Networks.Recurrent;
using Nao.SearchSpaces;
using Nao.Training.Recurrent;

namespace Nao.Cli.Commands;

/// <summary>
/// <c>nao train NAME-OR-ARCH --space enas-rnn --dataset ptb|wikitext2 --data PATH --hidden H --epochs E</c>: checks the
/// options, runs a <see cref="RecurrentTrainingJob"/> (the recurrent language model with the DARTS/ENAS settings) and
/// prints validation and test perplexity.
/// </summary>
public static class RecurrentTraining
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Trains and reports; returns 0 when training completed, 1 when it diverged, 2 for a usage error, 130 when cancelled.</summary>
    public static Task<int> RunAsync(CliConsole console, RecurrentCommandOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(options);
        return console.RunAsync(token => Task.Run(() => Train(console, options, token), token), ct);
    }

    private static int Train(CliConsole console, RecurrentCommandOptions options, CancellationToken ct)
    {
        var reference = ArchitectureReference.Resolve(options.Architecture, SearchSpaceRegistry.EnasRnn.Name);
        var genotype = (RecurrentGenotype)reference.Genotype;
        var dataset = ResolveDataset(options.Dataset);
        var folder = ResolveFolder(options.DataPath, dataset);
        if (options.Hidden < 1) throw new UsageException($"--hidden must be at least 1 (got {options.Hidden}).");
        if (options.Epochs < 1) throw new UsageException($"--epochs must be at least 1 (got {options.Epochs}).");
        if (options.Batch is < 1) throw new UsageException($"--batch must be at least 1 (got {options.Batch}).");
        if (options.LimitTokens is < 1) throw new UsageException($"--limit-tokens must be positive (got {options.LimitTokens}).");
        var jobOptions = new RecurrentTrainingJobOptions
        {
            Dataset = dataset.Name, DataPath = folder, Hidden = options.Hidden, Epochs = options.Epochs,
            BatchSize = options.Batch ?? new Nao.Evaluation.RecurrentTrainingSettings().BatchSize,
            // --limit-tokens caps training only (the option's help says so).
            LimitTokens = options.LimitTokens, CheckpointDirectory = options.CheckpointDir, Seed = options.Seed,
        };

        var (_, corpus) = RecurrentTrainingJob.LoadCorpus(jobOptions);
        if (options.Vocab != corpus.Vocabulary.Count)
        {
            console.Error.WriteLine(string.Create(Invariant,
                $"note: the vocabulary is the training file's {corpus.Vocabulary.Count:N0} words (--vocab {options.Vocab} applies to 'nao params' only)."));
        }
        var usable = RecurrentTrainingJob.UsableTrainTokens(corpus, jobOptions);
        if (usable < 2L * jobOptions.BatchSize)
        {
            throw new UsageException(string.Create(Invariant,
                $"--batch {jobOptions.BatchSize} needs at least {2 * jobOptions.BatchSize} training tokens, but only {usable:N0} are used. Lower --batch or raise --limit-tokens."));
        }
        using var job = RecurrentTrainingJob.Create(genotype, jobOptions, folder, corpus);
        var modelOptions = job.Model;
        var name = reference.PublishedName ?? genotype.Canonical;
        console.Error.WriteLine(string.Create(Invariant,
            $"training {name} on {dataset.Name} ({folder}): vocabulary {corpus.Vocabulary.Count:N0}, hidden {options.Hidden}, {job.ParameterCount:N0} parameters, "
            + $"{options.Epochs} epoch(s), batch {jobOptions.BatchSize}, dropout {modelOptions.DescribeDropouts()}"));
        var result = job.Run(new ProgressWriter(console.Error), ct);
        if (result.Status == LanguageModelTrainingStatus.Failed)
        {
            console.Error.WriteLine($"error: {result.Message}");
            if (options.Json) console.Out.WriteLine(ToJson(name, genotype, dataset, folder, corpus, options, result));
            return ExitCodes.Failure;
        }
        if (options.Json)
        {
            console.Out.WriteLine(ToJson(name, genotype, dataset, folder, corpus, options, result));
            return ExitCodes.Success;
        }
        var last = result.Epochs[^1];
        console.Out.WriteLine($"architecture: {name} ({genotype.Canonical})");
        console.Out.WriteLine(string.Create(Invariant, $"dataset:      {dataset.Name} ({folder}), vocabulary {corpus.Vocabulary.Count:N0}{(options.LimitTokens is { } k ? $", trained on the first {k:N0} tokens" : "")}"));
        console.Out.WriteLine(string.Create(Invariant, $"model:        hidden {options.Hidden}, {result.ParameterCount:N0} parameters"));
        console.Out.WriteLine(string.Create(Invariant, $"epochs:       {result.Epochs.Count}{(result.ResumedFromEpoch > 0 ? $" (resumed after epoch {result.ResumedFromEpoch})" : "")}, last at {last.TokensPerSecond:N0} tokens/s"));
        console.Out.WriteLine(string.Create(Invariant, $"valid ppl:    {result.BestValidPerplexity:F2}"));
        if (result.TestPerplexity is { } test) console.Out.WriteLine(string.Create(Invariant, $"test ppl:     {test:F2}"));
        console.Out.WriteLine($"time:         {result.Duration:hh\\:mm\\:ss}");
        return ExitCodes.Success;
    }

    private static TextDataset ResolveDataset(string? name)
    {
        if (name is null) return TextDataset.Ptb;
        return TextDataset.Find(name)
            ?? throw new UsageException($"--dataset: unknown corpus '{name}'. Valid: {string.Join(", ", TextDataset.All.Select(d => d.Name))}.");
    }

    private static string ResolveFolder(string? dataPath, TextDataset dataset)
    {
        try
        {
            return DataRoot.Resolve(dataPath, dataset.FolderName,
                $"No data folder: pass --data with the folder that holds {dataset.TrainFile}, {dataset.ValidFile} and {dataset.TestFile}, "
                + $"or set {DataRoot.EnvironmentVariable} to the folder that holds {TextDataset.Ptb.FolderName}/ and {TextDataset.WikiText2.FolderName}/.");
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static string ToJson(string name, RecurrentGenotype genotype, TextDataset dataset, string folder, TextCorpus corpus,
        RecurrentCommandOptions options, LanguageModelTrainingResult result) =>
        JsonSerializer.Serialize(new
        {
            architecture = name,
            canonical = genotype.Canonical,
            dataset = dataset.Name,
            data = folder,
            vocabulary = corpus.Vocabulary.Count,
            hidden = options.Hidden,
            batch = options.Batch ?? new Nao.Evaluation.RecurrentTrainingSettings().BatchSize,
            parameters = result.ParameterCount,
            status = result.Status.ToString().ToLowerInvariant(),
            message = result.Message,
            limit_tokens = options.LimitTokens,
            resumed_from_epoch = result.ResumedFromEpoch,
            valid_perplexity = result.Epochs.Count > 0 ? result.BestValidPerplexity : (double?)null,
            test_perplexity = result.TestPerplexity,
            seconds = Math.Round(result.Duration.TotalSeconds, 1),
            epochs = result.Epochs.Select(e => new
            {
                epoch = e.Epoch,
                train_loss = e.TrainLoss,
                valid_perplexity = e.ValidPerplexity,
                tokens = e.Tokens,
                tokens_per_second = Math.Round(e.TokensPerSecond, 1),
                seconds = Math.Round(e.Duration.TotalSeconds, 1),
                averaged = e.Averaged,
            }),
        });

    private sealed class ProgressWriter(TextWriter error) : IProgress<LanguageModelProgress>
    {
        public void Report(LanguageModelProgress p)
        {
            if (p.CompletedEpoch is { } e)
            {
                error.WriteLine(string.Create(Invariant,
                    $"epoch {e.Epoch}/{p.Epochs} done | train ppl {Math.Exp(e.TrainLoss):F2} | valid ppl {e.ValidPerplexity:F2} | {e.TokensPerSecond:N0} tokens/s | {e.Duration:hh\\:mm\\:ss}{(e.Averaged ? " | averaged SGD" : "")}"));
                return;
            }
            error.WriteLine(string.Create(Invariant,
                $"epoch {p.Epoch}/{p.Epochs} | {p.Tokens:N0}/{p.EpochTokens:N0} tokens | train ppl {Math.Exp(p.TrainLoss):F2} | lr {p.LearningRate:G4} | {p.TokensPerSecond:N0} tokens/s | {p.Elapsed:hh\\:mm\\:ss}"));
        }
    }
}
