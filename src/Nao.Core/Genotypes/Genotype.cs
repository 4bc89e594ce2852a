using System.Security.Cryptography;
using System.Text;

namespace Nao.Genotypes;

/// <summary>
/// An architecture: an immutable value with one canonical text form. Two genotypes are equal exactly when
/// their canonical forms are equal, so equivalent encodings (for example a node's two branches in the other
/// order) compare and hash the same. A genotype holds no tensors; networks are built from it elsewhere.
/// </summary>
public abstract class Genotype : IEquatable<Genotype>
{
    private string? _hash;

    /// <summary>The canonical text form. <c>space.Parse(g.Canonical) == g</c>.</summary>
    public abstract string Canonical { get; }

    /// <summary>A short stable identifier: the first 16 hex digits of SHA-256 over <see cref="Canonical"/>.</summary>
    public string Hash => _hash ??= Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical)))[..16].ToLowerInvariant();

    /// <inheritdoc />
    public bool Equals(Genotype? other) =>
        other is not null && other.GetType() == GetType() && string.Equals(other.Canonical, Canonical, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Genotype);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(GetType(), Canonical);

    /// <inheritdoc />
    public override string ToString() => Canonical;

    /// <summary>Value equality.</summary>
    public static bool operator ==(Genotype? left, Genotype? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(Genotype? left, Genotype? right) => !(left == right);
}
