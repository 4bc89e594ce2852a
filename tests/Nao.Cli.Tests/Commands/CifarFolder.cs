namespace Nao.Tests.Commands;

/// <summary>
/// A temporary folder with tiny CIFAR-10 binary batches in the official layout (records of a label byte and 3,072
/// pixels), named <c>data_batch_N.partial.bin</c> and <c>test_batch.partial.bin</c>: files with the official names
/// must hold the official 10,000 records.
/// </summary>
public sealed class CifarFolder : IDisposable
{
    /// <summary>Writes five training batches of <paramref name="perBatch"/> images and a test batch of <paramref name="test"/>.</summary>
    public CifarFolder(int perBatch, int test)
    {
        Directory.CreateDirectory(Path);
        var random = new Random(7);
        for (var b = 1; b <= 5; b++) System.IO.File.WriteAllBytes(File($"data_batch_{b}.partial.bin"), Records(perBatch, random));
        System.IO.File.WriteAllBytes(File("test_batch.partial.bin"), Records(test, random));
    }

    /// <summary>The folder.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"nao-cli-{Guid.NewGuid():N}");

    /// <summary>A path inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(Path, recursive: true);

    private static byte[] Records(int count, Random random)
    {
        var bytes = new byte[count * 3073];
        random.NextBytes(bytes);
        for (var r = 0; r < count; r++) bytes[r * 3073] = (byte)(r % 10);
        return bytes;
    }
}
