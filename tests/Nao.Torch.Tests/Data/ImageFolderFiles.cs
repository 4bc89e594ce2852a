using SkiaSharp;

namespace Nao.Tests.Data;

/// <summary>Writes real PNG and JPEG files with SkiaSharp, for the image-folder tests.</summary>
public static class ImageFolderFiles
{
    /// <summary>
    /// Writes a <paramref name="width"/>×<paramref name="height"/> image to <paramref name="path"/> (PNG or JPEG by the
    /// extension), each pixel coloured by <paramref name="colour"/>(x, y); creates the folder.
    /// </summary>
    public static void Write(string path, int width, int height, Func<int, int, SKColor> colour)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++) bitmap.SetPixel(x, y, colour(x, y));
        }
        var jpeg = path.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase);
        using var data = bitmap.Encode(jpeg ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    /// <summary>A solid image.</summary>
    public static void Solid(string path, int size, SKColor colour) => Write(path, size, size, (_, _) => colour);

    /// <summary>
    /// A folder of <paramref name="perClass"/> solid 8×8 PNGs in each of <paramref name="classes"/> class folders;
    /// image i of class c has red = c·50 and green = i·10, so a test can tell every image apart.
    /// </summary>
    public static void Classes(string folder, IReadOnlyList<string> classes, int perClass, int size = 8)
    {
        for (var c = 0; c < classes.Count; c++)
        {
            for (var i = 0; i < perClass; i++)
            {
                Solid(Path.Combine(folder, classes[c], $"{i:D3}.png"), size, new SKColor((byte)(c * 50), (byte)(i * 10), 7));
            }
        }
    }
}
