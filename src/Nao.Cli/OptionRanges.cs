using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Nao.Cli;

/// <summary>
/// The smallest value some numeric options accept. The library checks the range (and says why); this only lets a
/// value that is not a number at all be told what the option wants ("a whole number ≥ 1", not "System.Int32").
/// </summary>
public static class OptionRanges
{
    private static readonly ConditionalWeakTable<Option, StrongBox<double>> Minimums = new();

    /// <summary>Records that each of <paramref name="options"/> accepts values from <paramref name="minimum"/> up.</summary>
    public static void AtLeast(double minimum, params Option[] options)
    {
        foreach (var option in options) Minimums.AddOrUpdate(option, new StrongBox<double>(minimum));
    }

    /// <summary>The option's recorded minimum, or null.</summary>
    public static double? Minimum(Option option) => Minimums.TryGetValue(option, out var box) ? box.Value : null;

    /// <summary>What the option's values are, in words: "an integer", "a whole number ≥ 1", "a number ≥ 0", "true or false"; null for text.</summary>
    public static string? Describe(Option option)
    {
        var type = option.ValueType;
        if (type.IsArray) type = type.GetElementType()!;
        type = Nullable.GetUnderlyingType(type) ?? type;
        var minimum = Minimum(option);
        var atLeast = minimum is { } m ? string.Create(CultureInfo.InvariantCulture, $" ≥ {m:0.###}") : "";
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(uint) || type == typeof(ulong))
        {
            return minimum is null ? "an integer" : $"a whole number{atLeast}";
        }
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal)) return $"a number{atLeast}";
        if (type == typeof(bool)) return "true or false";
        if (type.IsEnum) return $"one of {string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()))}";
        return null;
    }
}
