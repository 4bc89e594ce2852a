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
    // Set only on a fresh copy inside a With… method (see Copy), never after the registry is handed out.
    private ImmutableDictionary<string, ISearchSpace> _spaces;
    private bool _keepSettings;
    private Func<SearchOptions, ISearchSpace, ICostModel?> _costModels = (_, _) => null;
    private bool _pricesSpaces;
    private ImmutableDictionary<string, IEvaluatorFactory> _evaluators = ImmutableDictionary.Create<string, IEvaluatorFactory>(StringComparer.OrdinalIgnoreCase);
    private ImmutableDictionary<string, IPartFactory<IEvaluator>> _trainers = ImmutableDictionary.Create<string, IPartFactory<IEvaluator>>(StringComparer.OrdinalIgnoreCase);
    private ImmutableDictionary<string, IPartFactory<ISupernet>> _supernets = ImmutableDictionary.Create<string, IPartFactory<ISupernet>>(StringComparer.OrdinalIgnoreCase);

    private SearchParts(ImmutableDictionary<string, ISearchSpace> spaces) => _spaces = spaces;

    /// <summary>A copy of this registry with one change: how every <c>With…</c> keeps the registry immutable.</summary>
    private SearchParts Copy(Action<SearchParts> change)
    {
        var copy = (SearchParts)MemberwiseClone();
        change(copy);
        return copy;
    }

    /// <summary>Core's parts: the built-in spaces and the evaluator kinds, with no trainer, supernet or optimizer yet.</summary>
    public static SearchParts Core { get; } = new SearchParts(SearchSpaceRegistry.All.ToImmutableDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase))
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
    public SearchParts WithoutResolving() => Copy(c => c._keepSettings = true);

    /// <summary>
    /// This registry with a source of exact cost models (Nao.Torch counts built networks); it returns null for a space
    /// it cannot price.
    /// </summary>
    public SearchParts WithCostModels(Func<SearchOptions, ISearchSpace, ICostModel?> costModels) => Copy(c =>
    {
        c._costModels = costModels;
        c._pricesSpaces = true;
    });

    /// <summary>Whether cost models are registered (Core alone has none: it cannot build networks).</summary>
    public bool PricesSpaces => _pricesSpaces;

    /// <summary>The exact cost model of the space at the options' network settings, or null when there is none.</summary>
    public ICostModel? CostModel(SearchOptions options, ISearchSpace space) => _costModels(options, space);

    /// <summary>The evaluator names, in the order they were registered (help texts list them so).</summary>
    public IReadOnlyList<string> EvaluatorNames { get; private set; } = [];

    /// <summary>The NAO controller's factory; null when none is registered (then only random search and evolution run).</summary>
    public IPartFactory<IArchitectureOptimizer>? Optimizer { get; private set; }

    /// <summary>The BANANAS predictor ensemble's factory; null when none is registered (then the bananas strategy does not run).</summary>
    public IPartFactory<IScoreEnsemble>? Ensemble { get; private set; }

    /// <summary>Sets the predictor ensemble of the BANANAS-style strategy.</summary>
    public SearchParts WithEnsemble(IPartFactory<IScoreEnsemble> factory) => Copy(c => c.Ensemble = factory);

    /// <summary>The spaces with a child trainer.</summary>
    public IEnumerable<string> TrainerSpaces => _trainers.Keys.Order(StringComparer.Ordinal);

    /// <summary>The spaces with a supernet.</summary>
    public IEnumerable<string> SupernetSpaces => _supernets.Keys.Order(StringComparer.Ordinal);

    /// <summary>Adds (or replaces) an evaluator kind.</summary>
    public SearchParts WithEvaluator(IEvaluatorFactory factory) =>
        Copy(c =>
        {
            if (!_evaluators.ContainsKey(factory.Name)) c.EvaluatorNames = [.. EvaluatorNames, factory.Name];
            c._evaluators = _evaluators.SetItem(factory.Name, factory);
        });

    /// <summary>Sets the architecture optimizer (the NAO controller).</summary>
    public SearchParts WithOptimizer(IPartFactory<IArchitectureOptimizer> factory) => Copy(c => c.Optimizer = factory);

    /// <summary>Registers (or replaces) a search space, found by its name; a program's own space, say.</summary>
    public SearchParts WithSpace(ISearchSpace space) => Copy(c => c._spaces = _spaces.SetItem(space.Name, space));

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
        Copy(c => c._trainers = _trainers.SetItem(space, factory));

    /// <summary>Registers the supernet of a space (what <c>--evaluator weight-sharing</c> trains there).</summary>
    public SearchParts WithSupernet(string space, IPartFactory<ISupernet> factory) => Copy(c => c._supernets = _supernets.SetItem(space, factory));

    /// <summary>The evaluator kind of that name (case-insensitive).</summary>
    /// <exception cref="UnknownNameException">No such evaluator; the message lists the valid names.</exception>
    public IEvaluatorFactory Evaluator(string name) =>
        _evaluators.TryGetValue(name?.Trim() ?? "", out var factory) ? factory : throw new UnknownNameException("evaluator name", name ?? "", EvaluatorNames);

    /// <summary>The child trainer of a space, or null.</summary>
    public IPartFactory<IEvaluator>? Trainer(ISearchSpace space) => _trainers.GetValueOrDefault(space.Name);

    /// <summary>The supernet of a space, or null.</summary>
    public IPartFactory<ISupernet>? Supernet(ISearchSpace space) => _supernets.GetValueOrDefault(space.Name);
}
