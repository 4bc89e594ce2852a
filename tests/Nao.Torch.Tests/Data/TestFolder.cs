namespace Nao.Tests.Data;

/// <summary>A fresh temporary folder, deleted on dispose.</summary>
public sealed class TestFolder : IDisposable
{
    /// <summary>Creates the folder.</summary>
    public TestFolder() => Directory.CreateDirectory(Path);

    /// <summary>The folder's path.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"nao-test-{Guid.NewGuid():N}");

    /// <summary>A path inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <inheritdoc />
    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
