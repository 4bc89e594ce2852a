using System.Collections.Immutable;
using Nao.Evaluation;
using Nao.Objectives;
using Nao.Search.Evaluators;
using Nao.SearchSpaces;
using Nao.Strategies;
using Nao.WeightSharing;

namespace Nao.Search;

/// <summary>
/// The registry of what builds a search: the evaluator kinds by name, the architecture optimizer (the NAO
/// controller), and per space its child trainer and its supernet. Core registers the evaluators that need no
/// TorchSharp; Nao.Torch adds its parts with one call (<c>TorchParts.Register</c>). A new evaluator, or a trainer
/// for a new space, is added here and nowhere else: commands only look parts up.
/// </summary>
/// <remarks>Immutable: each <c>With…</c> returns a new registry, so one can be shared across threads and searches.</remarks>
public sealed class SearchParts
{
    private readonly ImmutableDictionary<string, ISearchSpace> _spaces;
    private bool _keepSettings;
    private Func<SearchOptions, ISearchSpace, ICostModel?> _costModels = (_, _) => null;
    private bool _pricesSpaces;
    private readonly ImmutableDictionary<string, IEvaluatorFactory> _evaluators;
    private readonly ImmutableDictionary<string, IPartFactory<IEvaluator>> _trainers;
    private readonly ImmutableDictionary<string, IPartFactory<ISupernet>> _supernets;

    private SearchParts(ImmutableDictionary<string, ISearchSpace> spaces, ImmutableList<string> order, ImmutableDictionary<string, IEvaluatorFactory> evaluators,
        ImmutableDictionary<string, IPartFactory<IEvaluator>> trainers, ImmutableDictionary<string, IPartFactory<ISupernet>> supernets,
        IPartFactory<IArchitectureOptimizer>? optimizer)
    {
        _spaces = spaces;
        EvaluatorNames = order;
        _evaluators = evaluators;
        _trainers = trainers;
        _supernets = supernets;
        Optimizer = optimizer;
    }

    /// <summary>Core's parts: the built-in spaces and the evaluator kinds, with no trainer, supernet or optimizer yet.</summary>
    public static SearchParts Core { get; } = new SearchParts(
            SearchSpaceRegistry.All.ToImmutableDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase),
            [], ImmutableDictionary.Create<string, IEvaluatorFactory>(StringComparer.OrdinalIgnoreCase),
            ImmutableDictionary.Create<string, IPartFactory<IEvaluator>>(StringComparer.OrdinalIgnoreCase),
            ImmutableDictionary.Create<string, IPartFactory<ISupernet>>(StringComparer.OrdinalIgnoreCase), null)
        .WithEvaluator(new BenchmarkEvaluatorFactory())
        .WithEvaluator(new TrainEvaluatorFactory())
        .WithEvaluator(new WeightSharingEvaluatorFactory())
        .WithEvaluator(new CommandEvaluatorFactory())
        .WithEvaluator(new TableEvaluatorFactory())
        .WithEvaluator(new SleepEvaluatorFactory());

    /// <summary>
    /// Whether validation completes the parts' settings (their defaults, then the user's) or leaves them as given: a
    /// stored run's settings are complete already, and a worker checks names only. Default: true.
    /// </summary>
    public bool ResolvesSettings => !_keepSettings;

    /// <summary>This registry, with validation that leaves every part's settings as given (see <see cref="ResolvesSettings"/>).</summary>
    public SearchParts WithoutResolving()
    {
        var copy = (SearchParts)MemberwiseClone();
        copy._keepSettings = true;
        return copy;
    }

    /// <summary>
    /// This registry with a source of exact cost models (Nao.Torch counts built networks); it returns null for a space
    /// it cannot price.
    /// </summary>
    public SearchParts WithCostModels(Func<SearchOptions, ISearchSpace, ICostModel?> costModels)
    {
        var copy = (SearchParts)MemberwiseClone();
        copy._costModels = costModels;
        copy._pricesSpaces = true;
        return copy;
    }

    // The cost models travel with every copy (the constructor predates them).
    private SearchParts Keep(SearchParts next)
    {
        next._costModels = _costModels;
        next._pricesSpaces = _pricesSpaces;
        return next;
    }

    /// <summary>Whether cost models are registered (Core alone has none: it cannot build networks).</summary>
    public bool PricesSpaces => _pricesSpaces;

    /// <summary>The exact cost model of the space at the options' network settings, or null when there is none.</summary>
    public ICostModel? CostModel(SearchOptions options, ISearchSpace space) => _costModels(options, space);

    /// <summary>The evaluator names, in the order they were registered (help texts list them so).</summary>
    public IReadOnlyList<string> EvaluatorNames { get; }

    /// <summary>The NAO controller's factory; null when none is registered (then only random search and evolution run).</summary>
    public IPartFactory<IArchitectureOptimizer>? Optimizer { get; }

    /// <summary>The spaces with a child trainer.</summary>
    public IEnumerable<string> TrainerSpaces => _trainers.Keys.Order(StringComparer.Ordinal);

    /// <summary>The spaces with a supernet.</summary>
    public IEnumerable<string> SupernetSpaces => _supernets.Keys.Order(StringComparer.Ordinal);

    /// <summary>Adds (or replaces) an evaluator kind.</summary>
    public SearchParts WithEvaluator(IEvaluatorFactory factory) =>
        Keep(new(_spaces, _evaluators.ContainsKey(factory.Name) ? EvaluatorNames.ToImmutableList() : [.. EvaluatorNames, factory.Name],
            _evaluators.SetItem(factory.Name, factory), _trainers, _supernets, Optimizer));

    /// <summary>Sets the architecture optimizer (the NAO controller).</summary>
    public SearchParts WithOptimizer(IPartFactory<IArchitectureOptimizer> factory) => Keep(new(_spaces, EvaluatorNames.ToImmutableList(), _evaluators, _trainers, _supernets, factory));

    /// <summary>Registers (or replaces) a search space, found by its name; a program's own space, say.</summary>
    public SearchParts WithSpace(ISearchSpace space) =>
        Keep(new(_spaces.SetItem(space.Name, space), EvaluatorNames.ToImmutableList(), _evaluators, _trainers, _supernets, Optimizer));

    /// <summary>The registered spaces, built-in ones first.</summary>
    public IEnumerable<ISearchSpace> Spaces => SearchSpaceRegistry.All.Concat(_spaces.Values.Where(s => !SearchSpaceRegistry.All.Contains(s)).OrderBy(s => s.Name, StringComparer.Ordinal));

    /// <summary>
    /// The space a search runs on: the one its space file defines (<see cref="SearchOptions.SpaceDefinition"/>, stored
    /// with the run), else the registered space of its name.
    /// </summary>
    /// <exception cref="UnknownNameException">No space of that name; the message lists them.</exception>
    /// <exception cref="ArgumentException">The stored space file no longer parses.</exception>
    public ISearchSpace Space(SearchOptions options)
    {
        if (options.SpaceDefinition is { } text) return SpaceFiles.Parse(text, options.Space);
        return _spaces.TryGetValue(options.Space?.Trim() ?? "", out var space) ? space : throw new UnknownNameException("search space", options.Space ?? "", Spaces.Select(s => s.Name));
    }

    /// <summary>Registers the child trainer of a space (what <c>--evaluator train</c> runs there).</summary>
    public SearchParts WithTrainer(string space, IPartFactory<IEvaluator> factory) =>
        Keep(new(_spaces, EvaluatorNames.ToImmutableList(), _evaluators, _trainers.SetItem(space, factory), _supernets, Optimizer));

    /// <summary>Registers the supernet of a space (what <c>--evaluator weight-sharing</c> trains there).</summary>
    public SearchParts WithSupernet(string space, IPartFactory<ISupernet> factory) =>
        Keep(new(_spaces, EvaluatorNames.ToImmutableList(), _evaluators, _trainers, _supernets.SetItem(space, factory), Optimizer));

    /// <summary>The evaluator kind of that name (case-insensitive).</summary>
    /// <exception cref="UnknownNameException">No such evaluator; the message lists the valid names.</exception>
    public IEvaluatorFactory Evaluator(string name) =>
        _evaluators.TryGetValue(name?.Trim() ?? "", out var factory) ? factory : throw new UnknownNameException("evaluator name", name ?? "", EvaluatorNames);

    /// <summary>The child trainer of a space, or null.</summary>
    public IPartFactory<IEvaluator>? Trainer(ISearchSpace space) => _trainers.GetValueOrDefault(space.Name);

    /// <summary>The supernet of a space, or null.</summary>
    public IPartFactory<ISupernet>? Supernet(ISearchSpace space) => _supernets.GetValueOrDefault(space.Name);
}
