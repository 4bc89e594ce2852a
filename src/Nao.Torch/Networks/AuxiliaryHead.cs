using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Networks;

/// <summary>
/// The auxiliary classifier after the second reduction cell (NASNet, NAO; loss weight 0.4 in DESIGN.md
/// section 3): ReLU, average pooling to 2×2, 1×1 conv to 128, BN, ReLU, 2×2 conv to 768, BN, ReLU, linear.
/// On CIFAR's 8×8 maps the pooling is the official 5×5 window with stride 3 (padding excluded); other map sizes
/// (MNIST's 7×7, tiny test images) use adaptive average pooling to 2×2 so that any image size works.
/// Input [N, C, H, W]; output [N, classes].
/// </summary>
public sealed class AuxiliaryHead : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d reduce;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d expand;
    private readonly BatchNorm2d bn2;
    private readonly Linear classifier;

    /// <summary>Creates the head for <paramref name="inChannels"/> input channels.</summary>
    public AuxiliaryHead(long inChannels, long classes) : base(nameof(AuxiliaryHead))
    {
        reduce = nn.Conv2d(inChannels, 128, 1, bias: false);
        bn1 = nn.BatchNorm2d(128);
        expand = nn.Conv2d(128, 768, 2, bias: false);
        bn2 = nn.BatchNorm2d(768);
        classifier = nn.Linear(768, classes);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var x = nn.functional.relu(input);
        x = input.shape[2] == 8 && input.shape[3] == 8
            ? nn.functional.avg_pool2d(x, 5, 3, 0, count_include_pad: false)
            : nn.functional.adaptive_avg_pool2d(x, [2, 2]);
        x = nn.functional.relu(bn1.call(reduce.call(x)));
        x = nn.functional.relu(bn2.call(expand.call(x)));
        return classifier.call(x.flatten(1)).MoveToOuterDisposeScope();
    }
}
