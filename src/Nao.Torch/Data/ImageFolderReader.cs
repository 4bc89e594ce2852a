using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nao.Data;

/// <summary>
/// Reads a folder of class folders, torchvision's ImageFolder layout: <c>ROOT/CLASS/**/*.png|*.jpg|*.jpeg</c>, the
/// classes sorted by name (ordinal) and labelled 0, 1, … in that order; other files are ignored. Images are decoded
/// with SkiaSharp into the byte layout of <see cref="ImageDataset"/> (channel planes, rows of pixels).
/// <para>
/// The splits: when ROOT holds a <c>train/</c> folder, that is the training folder, <c>ROOT/dev</c> (else
/// <c>ROOT/val</c>) the dev folder and <c>ROOT/test</c> the test folder, each used when present; otherwise ROOT itself
/// is the training folder and there is no dev or test folder. <see cref="ImageFolderOptions.DevFolder"/> and
/// <see cref="ImageFolderOptions.TestFolder"/> name others; <see cref="ImageFolderOptions.DevFraction"/> or
/// <see cref="ImageFolderOptions.DevCount"/> splits the dev set off the training images instead of a dev folder.
/// Dev and test class folders must carry names of training classes; a class may be missing there.
/// </para>
/// <para>
/// The training images are ordered by <see cref="ImageFolderOptions.Seed"/>: each class shuffled, the classes
/// interleaved in proportion, so any run of images at either end (a dev split, a training limit) is stratified.
/// </para>
/// </summary>
public static class ImageFolderReader
{
    /// <summary>The registry name of image folders.</summary>
    public const string DatasetName = "folder";

    /// <summary>The image file extensions read (case-insensitive).</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".jpg", ".jpeg"];

    /// <summary>Reads the splits of <paramref name="root"/>, from <paramref name="cache"/> when it holds them.</summary>
    /// <param name="root">The image folder (see the class summary for the layout).</param>
    /// <param name="options">How to read it; null for the defaults.</param>
    /// <param name="cache">Decoded folders to reuse and add to; null for <see cref="ImageFolderCache.Shared"/>.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="FileNotFoundException">The root or a named dev or test folder is missing.</exception>
    /// <exception cref="InvalidDataException">
    /// No class folders, fewer than 2 classes, a class folder without images, an unreadable or corrupt image, images
    /// of different sizes without <see cref="ImageFolderOptions.ImageSize"/>, or too many pixels for one data set; the
    /// message names the file or folder and the fix.
    /// </exception>
    public static ImageDatasetSplits Read(string root, ImageFolderOptions? options = null, ImageFolderCache? cache = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        options ??= new ImageFolderOptions();
        options.Validate();
        if (!Directory.Exists(root))
        {
            throw DataFileErrors.Missing(root, "an image folder (ROOT/CLASS/*.png or *.jpg, or ROOT/train/CLASS/…)",
                "Pass --data (or the setting dataPath) with the folder that holds the class folders.");
        }
        var layout = Layout.Find(root, options);
        var trainFiles = ListClasses(layout.Train, classNames: null);
        var classNames = trainFiles.Classes;
        var devFiles = layout.Dev is null ? null : ListClasses(layout.Dev, classNames);
        var testFiles = layout.Test is null ? null : ListClasses(layout.Test, classNames);
        var key = CacheKey(root, options, [trainFiles, devFiles, testFiles]);
        return (cache ?? ImageFolderCache.Shared).GetOrRead(key, () =>
        {
            var order = StratifiedOrder(trainFiles.Files, classNames.Count, options.Seed);
            var train = Decode(layout.Train, trainFiles, order, classNames.Count, options);
            var size = (train.Height, train.Width);
            var dev = devFiles is null ? null : Decode(layout.Dev!, devFiles, null, classNames.Count, options, size, train.Source);
            var test = testFiles is null ? null : Decode(layout.Test!, testFiles, null, classNames.Count, options, size, train.Source);
            var devCount = options.DevCount ?? (options.DevFraction is { } f ? (int)Math.Round(f * train.Count) : 0);
            if (devCount > 0)
            {
                if (devCount >= train.Count)
                {
                    throw new ArgumentException(
                        $"The dev split of {devCount:N0} images leaves no training images: {train.Source} holds {train.Count:N0}. Lower DevCount or DevFraction.");
                }
                (train, dev) = train.SplitDev(devCount);
            }
            return new ImageDatasetSplits(DatasetName, train, test, dev, classNames);
        });
    }

    /// <summary>The class folders of <paramref name="folder"/> and their image files, in label order.</summary>
    private static ClassFiles ListClasses(string folder, IReadOnlyList<string>? classNames)
    {
        var folders = Directory.GetDirectories(folder).Select(d => Path.GetFileName(d))
            .Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal).ToList();
        var fix = "Put each class's images in a folder named after the class: ROOT/CLASS/*.png (or .jpg, .jpeg).";
        if (folders.Count == 0) throw new InvalidDataException($"{folder} holds no class folders. {fix}");
        if (classNames is null && folders.Count < 2)
        {
            throw new InvalidDataException($"{folder} holds one class folder ({folders[0]}); classification needs at least 2 classes. {fix}");
        }
        var names = classNames ?? folders;
        var files = new List<(string Path, int Label)>();
        foreach (var name in folders)
        {
            var label = IndexOf(names, name);
            if (label < 0)
            {
                throw new InvalidDataException(
                    $"{Path.Combine(folder, name)} is a class the training folder does not have (its classes: {string.Join(", ", names)}). Rename or remove it.");
            }
            var classFolder = Path.Combine(folder, name);
            var all = Directory.GetFiles(classFolder, "*", SearchOption.AllDirectories)
                .Where(f => !Path.GetFileName(f).StartsWith('.')).ToList();
            var images = all.Where(IsImage).Order(StringComparer.Ordinal).ToList();
            if (images.Count == 0)
            {
                var others = all.Count == 0 ? "it is empty"
                    : $"it has {all.Count} other file(s), e.g. {Path.GetFileName(all.Order(StringComparer.Ordinal).First())}, which are ignored";
                throw new InvalidDataException($"{classFolder} holds no .png, .jpg or .jpeg image ({others}). Add images of class '{name}', or remove the folder.");
            }
            files.AddRange(images.Select(f => (f, label)));
        }
        return new ClassFiles(names, files);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++) if (names[i] == name) return i;
        return -1;
    }

    private static bool IsImage(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>
    /// Positions of the training files: each class shuffled, then image r of a class of n placed by (r + u)/n with
    /// u uniform in [0, 1), so every class is spread evenly through the order.
    /// </summary>
    private static int[] StratifiedOrder(IReadOnlyList<(string Path, int Label)> files, int classes, int seed)
    {
        var random = new Random(seed);
        var keys = new double[files.Count];
        for (var c = 0; c < classes; c++)
        {
            var members = Enumerable.Range(0, files.Count).Where(i => files[i].Label == c).ToArray();
            random.Shuffle(members);
            for (var r = 0; r < members.Length; r++) keys[members[r]] = (r + random.NextDouble()) / members.Length;
        }
        var sorted = Enumerable.Range(0, files.Count).OrderBy(i => keys[i]).ThenBy(i => i).ToArray();
        var position = new int[files.Count];
        for (var p = 0; p < sorted.Length; p++) position[sorted[p]] = p;
        return position;
    }

    /// <summary>Decodes the files into one data set; file i lands at <paramref name="position"/>[i] (file order when null).</summary>
    private static ImageDataset Decode(string folder, ClassFiles list, int[]? position, int classes, ImageFolderOptions options,
        (int Height, int Width)? trainSize = null, string? trainSource = null)
    {
        var files = list.Files;
        var channels = options.Channels;
        // The first image fixes the size when no ImageSize is set; the rest are checked against it.
        var first = ImageDecoder.Decode(files[0].Path, options.ImageSize, channels);
        var (height, width) = (first.Height, first.Width);
        if (trainSize is { } t && (t.Height, t.Width) != (height, width))
        {
            throw new InvalidDataException(
                $"{files[0].Path} is {width}×{height} but the training images ({trainSource}) are {t.Width}×{t.Height}. " +
                "Set the image size (nao train --image-size S, the setting imageSize=S, or ImageFolderOptions.ImageSize) to resize every image to S×S.");
        }
        var imageBytes = (long)channels * height * width;
        if (imageBytes * files.Count > Array.MaxLength)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{folder}: {files.Count:N0} images of {channels}×{height}×{width} need {imageBytes * files.Count / 1e9:F1} GB, more than the 2 GB one data set holds. Set a smaller image size."));
        }
        var pixels = new byte[imageBytes * files.Count];
        var labels = new int[files.Count];
        var mismatch = int.MaxValue;
        var mismatchGate = new Lock();
        var failures = new System.Collections.Concurrent.ConcurrentDictionary<int, Exception>();
        Parallel.For(0, files.Count, i =>
        {
            ImageDecoder.Image image;
            try
            {
                image = i == 0 ? first : ImageDecoder.Decode(files[i].Path, options.ImageSize, channels);
            }
            catch (InvalidDataException e)
            {
                failures[i] = e;
                return;
            }
            if ((image.Height, image.Width) != (height, width))
            {
                lock (mismatchGate) mismatch = Math.Min(mismatch, i);
                return;
            }
            var slot = position?[i] ?? i;
            labels[slot] = files[i].Label;
            image.Pixels.CopyTo(pixels.AsSpan((int)(slot * imageBytes), (int)imageBytes));
        });
        // The first bad file in file order, whichever thread met it first, so the message is the same every run.
        if (!failures.IsEmpty) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failures[failures.Keys.Min()]);
        if (mismatch != int.MaxValue)
        {
            var other = ImageDecoder.Decode(files[mismatch].Path, options.ImageSize, channels);
            throw new InvalidDataException(
                $"{files[0].Path} is {width}×{height} but {files[mismatch].Path} is {other.Width}×{other.Height}: images of different sizes. " +
                "Set the image size (nao train --image-size S, the setting imageSize=S, or ImageFolderOptions.ImageSize) to resize every image to S×S.");
        }
        var source = string.Create(CultureInfo.InvariantCulture, $"{folder}, {files.Count:N0} images");
        return new ImageDataset(source, pixels, labels, channels, height, width, classes);
    }

    /// <summary>A key that changes when the options or any file (its path, length or modification time) change.</summary>
    private static string CacheKey(string root, ImageFolderOptions options, IEnumerable<ClassFiles?> splits)
    {
        var text = new StringBuilder();
        text.Append(Path.GetFullPath(root)).Append('\n').Append(options).Append('\n');
        foreach (var split in splits)
        {
            text.Append("--\n");
            if (split is null) continue;
            foreach (var (path, label) in split.Files)
            {
                var info = new FileInfo(path);
                text.Append(CultureInfo.InvariantCulture, $"{path}\t{label}\t{info.Length}\t{info.LastWriteTimeUtc.Ticks}\n");
            }
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private sealed record ClassFiles(IReadOnlyList<string> Classes, IReadOnlyList<(string Path, int Label)> Files);

    private sealed record Layout(string Train, string? Dev, string? Test)
    {
        public static Layout Find(string root, ImageFolderOptions options)
        {
            var train = Path.Combine(root, "train");
            var split = Directory.Exists(train);
            var ownDev = options.DevFraction is not null || options.DevCount is not null;
            var dev = options.DevFolder ?? (!split || ownDev ? null
                : Directory.Exists(Path.Combine(root, "dev")) ? Path.Combine(root, "dev")
                : Directory.Exists(Path.Combine(root, "val")) ? Path.Combine(root, "val") : null);
            var test = options.TestFolder ?? (split && Directory.Exists(Path.Combine(root, "test")) ? Path.Combine(root, "test") : null);
            foreach (var (folder, what) in new[] { (options.DevFolder, "dev"), (options.TestFolder, "test") })
            {
                if (folder is not null && !Directory.Exists(folder))
                {
                    throw DataFileErrors.Missing(folder, $"the {what} image folder", $"Create it, or leave the {what} folder option out.");
                }
            }
            return new Layout(split ? train : root, dev, test);
        }
    }
}
