namespace Nao.Data;

/// <summary>The image-folder part of the training and supernet settings (imageSize, channels), checked alike.</summary>
internal static class ImageFolderSettings
{
    /// <summary>
    /// The folder options for <paramref name="dataset"/>: null for a published data set (where imageSize and channels
    /// must be left out), else the options with the given size and channels. <paramref name="kind"/> ("Training" or
    /// "Supernet") starts the messages.
    /// </summary>
    /// <exception cref="ArgumentException">A setting that does not apply, or is out of range.</exception>
    public static ImageFolderOptions? Options(string dataset, int? imageSize, int? channels, string kind)
    {
        if (!ImageDatasets.IsFolder(dataset))
        {
            if (imageSize is not null || channels is not null)
            {
                throw new ArgumentException(
                    $"{kind} settings imageSize and channels apply to dataset=folder only; {dataset} images are read as published. Leave them out.");
            }
            return null;
        }
        if (imageSize is < 1) throw new ArgumentException($"{kind} setting imageSize must be at least 1, or left out to keep the images' size (got {imageSize}).");
        if (channels is not (null or 1 or 3)) throw new ArgumentException($"{kind} setting channels must be 3 (RGB) or 1 (grey) (got {channels}).");
        return new ImageFolderOptions { ImageSize = imageSize, Channels = channels ?? 3 };
    }
}
