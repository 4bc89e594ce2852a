namespace Nao.Tests.Commands;

/// <summary>Where the real data sets are: env NAO_DATA, else ../shared/data beside the repository root.</summary>
public static class RealData
{
    /// <summary>The data root.</summary>
    public static string Root
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("NAO_DATA");
            if (!string.IsNullOrWhiteSpace(configured)) return configured;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Nao.slnx"))) return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
            }
            throw new DirectoryNotFoundException("Set NAO_DATA to the folder of the real data sets (cifar-10/, fashion-mnist/ …).");
        }
    }
}
