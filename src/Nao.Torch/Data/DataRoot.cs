namespace Nao.Data;

/// <summary>
/// The data root: the folder named by the <c>NAO_DATA</c> environment variable, which holds one folder per data set
/// (cifar-10/, fashion-mnist/, ptb/ …). The one place that reads the variable, so the CLI, the training evaluators and
/// the supernets resolve a missing data path the same way.
/// </summary>
public static class DataRoot
{
    /// <summary>The environment variable that names the data root.</summary>
    public const string EnvironmentVariable = "NAO_DATA";

    /// <summary>The data root, or null when <c>NAO_DATA</c> is unset or blank.</summary>
    public static string? Folder =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { } root && !string.IsNullOrWhiteSpace(root) ? root : null;

    /// <summary>
    /// <paramref name="given"/> when it is not null, else <c>$NAO_DATA/<paramref name="folderName"/></c>.
    /// </summary>
    /// <param name="given">The path the user gave (an option or a setting); null when none.</param>
    /// <param name="folderName">The data set's folder under the root, e.g. <c>cifar-10</c>.</param>
    /// <param name="whenMissing">The message when neither is there; it should say which option or setting to give.</param>
    /// <exception cref="ArgumentException">No path is given and <c>NAO_DATA</c> is not set; the message is <paramref name="whenMissing"/>.</exception>
    public static string Resolve(string? given, string folderName, string whenMissing)
    {
        ArgumentException.ThrowIfNullOrEmpty(folderName);
        if (given is not null) return given;
        return Folder is { } root ? Path.Combine(root, folderName) : throw new ArgumentException(whenMissing);
    }
}
