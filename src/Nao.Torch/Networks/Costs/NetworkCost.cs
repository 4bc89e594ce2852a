namespace Nao.Networks.Costs;

/// <summary>
/// What a network costs for one input image: its trainable parameters and the multiply-adds of its convolutions and
/// linear layers (bias additions included, one each), which is what NAS-Bench-201 reports as "FLOPs". Batch norms,
/// activations, pools and element-wise sums are not counted, as in NAS-Bench-201's counter.
/// </summary>
/// <param name="Parameters">Trainable parameters (every parameter of the module, buffers excluded).</param>
/// <param name="MultiplyAdds">Multiply-adds of one forward pass of one image.</param>
public readonly record struct NetworkCost(long Parameters, long MultiplyAdds)
{
    /// <summary>Parameters in millions: NAS-Bench-201's "params (MB)".</summary>
    public double MegaParameters => Parameters / 1e6;

    /// <summary>Multiply-adds in millions: NAS-Bench-201's "FLOPs (M)".</summary>
    public double MegaMultiplyAdds => MultiplyAdds / 1e6;
}
