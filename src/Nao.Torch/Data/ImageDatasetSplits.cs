namespace Nao.Data;

/// <summary>The official splits of an image data set as read from disk.</summary>
/// <param name="Name">The data set's registry name, e.g. <c>cifar10</c>.</param>
/// <param name="Train">The official training images (the dev split is taken from these).</param>
/// <param name="Test">The test images, or null when the folder has no test file.</param>
public sealed record ImageDatasetSplits(string Name, ImageDataset Train, ImageDataset? Test);
