using SkiaSharp;

namespace Nao.Data;

/// <summary>Decodes one PNG or JPEG file with SkiaSharp into channel planes, resized and centre-cropped on request.</summary>
internal static class ImageDecoder
{
    // Bilinear with linear mipmaps: shrinking by several times averages the pixels instead of skipping them.
    private static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>A decoded image: <see cref="Pixels"/> holds C planes of Height rows of Width bytes.</summary>
    internal sealed record Image(byte[] Pixels, int Height, int Width);

    /// <summary>Decodes <paramref name="path"/>; with <paramref name="size"/>, resizes the shorter side to it and crops the centre square.</summary>
    /// <exception cref="InvalidDataException">The file cannot be read or is not a complete PNG or JPEG image.</exception>
    public static Image Decode(string path, int? size, int channels)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path} cannot be read ({e.Message}). Fix its permissions or remove it.", e);
        }
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data)
            ?? throw Corrupt(path, "it is not a PNG or JPEG image SkiaSharp can read");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            throw Corrupt(path, $"decoding stopped with '{result}' (a truncated or damaged file)");
        }
        if (size is not { } s) return Planes(bitmap, 0, 0, info.Height, info.Width, channels);
        // torchvision's Resize(s): the shorter side becomes s, the longer keeps the aspect ratio; then CenterCrop(s).
        var scale = (double)s / Math.Min(info.Width, info.Height);
        var width = Math.Max(s, (int)Math.Round(info.Width * scale));
        var height = Math.Max(s, (int)Math.Round(info.Height * scale));
        using var resized = (width, height) == (info.Width, info.Height) ? bitmap.Copy()
            : bitmap.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul), Sampling)
              ?? throw Corrupt(path, $"it could not be resized to {width}×{height}");
        var top = (int)Math.Round((height - s) / 2.0);
        var left = (int)Math.Round((width - s) / 2.0);
        return Planes(resized, top, left, s, s, channels);
    }

    private static InvalidDataException Corrupt(string path, string detail) =>
        new($"{path} is corrupt: {detail}. Remove it, or replace it with a valid image.");

    /// <summary>The <paramref name="height"/>×<paramref name="width"/> window at (top, left) as channel planes.</summary>
    private static Image Planes(SKBitmap bitmap, int top, int left, int height, int width, int channels)
    {
        var source = bitmap.GetPixelSpan();
        var stride = bitmap.RowBytes;
        var plane = height * width;
        var pixels = new byte[channels * plane];
        for (var y = 0; y < height; y++)
        {
            var row = source.Slice((top + y) * stride + left * 4, width * 4);
            for (var x = 0; x < width; x++)
            {
                int r = row[4 * x], g = row[4 * x + 1], b = row[4 * x + 2];
                var at = y * width + x;
                if (channels == 1)
                {
                    // PIL's convert('L'): L = R·299/1000 + G·587/1000 + B·114/1000, in 16-bit fixed point with rounding.
                    pixels[at] = (byte)((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);
                }
                else
                {
                    pixels[at] = (byte)r;
                    pixels[plane + at] = (byte)g;
                    pixels[2 * plane + at] = (byte)b;
                }
            }
        }
        return new Image(pixels, height, width);
    }
}
