namespace Nao.Operations;

/// <summary>Which reduction a <see cref="CellPool"/> applies over its window.</summary>
public enum PoolKind
{
    /// <summary>Maximum over the window.</summary>
    Max,

    /// <summary>Mean over the window's pixels that lie inside the image (padding excluded).</summary>
    Average,
}
