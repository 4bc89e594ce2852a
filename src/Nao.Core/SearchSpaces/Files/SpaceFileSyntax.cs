namespace Nao.SearchSpaces.Files;

/// <summary>Where something was written in a space file (1-based; 0 when unknown).</summary>
internal readonly record struct FilePlace(int Line, int Column);

/// <summary>
/// A value list: the vocabulary one decision picks from. Its tokens are <see cref="FirstToken"/> onwards in list
/// order; <see cref="SortRank"/> orders values when interchangeable members are sorted into canonical order.
/// </summary>
/// <param name="Name">The list's name in the file.</param>
/// <param name="Values">The values' text, in token order.</param>
/// <param name="Integers">The values as integers when every value is one (bounds need this); otherwise null.</param>
/// <param name="SortRank">Per value (in token order), its rank in the canonical sort order.</param>
/// <param name="FirstToken">The token id of the first value.</param>
/// <param name="Place">Where the list is defined.</param>
internal sealed record ValueList(string Name, string[] Values, int[]? Integers, int[] SortRank, int FirstToken, FilePlace Place)
{
    /// <summary>The token id of the value at <paramref name="index"/>.</summary>
    public int Token(int index) => FirstToken + index;
}

/// <summary>A part of a text template: a literal, or a placeholder <c>{name}</c>.</summary>
internal readonly record struct TemplatePart(string Text, bool IsPlaceholder);

/// <summary>A text template as written, with its place for messages.</summary>
internal sealed record Template(string Key, string Text, TemplatePart[] Parts, FilePlace Place);

/// <summary>An item of an <c>architecture</c> or <c>body</c> list: a decision or a repetition.</summary>
internal abstract record SpaceItem(string Name, FilePlace Place);

/// <summary>A categorical choice from a value list, optionally narrowed by a subset and integer bounds.</summary>
internal sealed record DecisionItem(
    string Name, FilePlace Place, ValueList List, bool[] InSubset,
    BoundExpression? Min, FilePlace MinPlace, BoundExpression? Max, FilePlace MaxPlace) : SpaceItem(Name, Place);

/// <summary>
/// A repetition of a body, <c>count</c> times (index 0..count-1) or once per label; its members are interchangeable
/// when a reordering of them is the same architecture.
/// </summary>
internal sealed record RepeatItem(
    string Name, FilePlace Place, BoundExpression? Count, FilePlace CountPlace, string[]? Labels, bool Interchangeable,
    SpaceItem[] Body, Template? Format, string Separator, Template? Display) : SpaceItem(Name, Place);
