using System.Text;

namespace Nao.Torch.Tests;

public sealed class NativeLoadDiagnosisTests
{
    private const string TorchSharpSaid = "Consider referencing one of the combination packages TorchSharp-cpu";

    [Fact]
    public void An_unpatched_library_on_a_system_without_GLIBCXX_3_4_32_is_explained_as_needing_a_rebuild()
    {
        using var folder = new TemporaryFolder();
        string library = folder.Write("libLibTorchSharp.so", SyntheticElf.Needing("libstdc++.so.6", ("GLIBCXX_3.4.32", 0)));
        string system = folder.Write("libstdc++.so.6", Encoding.ASCII.GetBytes("\0GLIBCXX_3.4.30\0"));

        string message = NativeLoadDiagnosis.Explain(folder.Path, library, system, "version `GLIBCXX_3.4.32' not found");

        Assert.Contains(library, message);
        Assert.Contains("GLIBCXX_3.4.32", message);
        Assert.Contains("rebuild with `dotnet build`", message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("version `GLIBCXX_3.4.32' not found", message);
    }

    [Fact]
    public void A_patched_library_is_not_blamed_on_GLIBCXX()
    {
        using var folder = new TemporaryFolder();
        string library = folder.Write(
            "libLibTorchSharp.so", SyntheticElf.Needing("libstdc++.so.6", ("GLIBCXX_3.4.32", ElfVersionNeeds.WeakFlag)));
        string system = folder.Write("libstdc++.so.6", Encoding.ASCII.GetBytes("\0GLIBCXX_3.4.30\0"));

        string message = NativeLoadDiagnosis.Explain(folder.Path, library, system, "libtorch.so: cannot open shared object file");

        Assert.DoesNotContain("rebuild", message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("libtorch.so: cannot open shared object file", message);
    }

    [Fact]
    public void An_unpatched_library_on_a_system_that_has_GLIBCXX_3_4_32_is_not_blamed_on_GLIBCXX()
    {
        using var folder = new TemporaryFolder();
        string library = folder.Write("libLibTorchSharp.so", SyntheticElf.Needing("libstdc++.so.6", ("GLIBCXX_3.4.32", 0)));
        string system = folder.Write("libstdc++.so.6", Encoding.ASCII.GetBytes("\0GLIBCXX_3.4.30\0GLIBCXX_3.4.32\0"));

        Assert.False(NativeLoadDiagnosis.NeedsMissingVersion(library, system));
        Assert.DoesNotContain("rebuild", NativeLoadDiagnosis.Explain(folder.Path, library, system, TorchSharpSaid), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_missing_library_is_explained_as_missing_from_the_application_folder()
    {
        using var folder = new TemporaryFolder();

        string message = NativeLoadDiagnosis.Explain(folder.Path, library: null, systemLibStdCxx: null, TorchSharpSaid);

        Assert.Contains("libLibTorchSharp.so is not in " + folder.Path, message);
        Assert.Contains(TorchSharpSaid, message);
    }

    [Fact]
    public void The_loader_error_for_a_file_that_is_not_a_library_is_the_loaders_own_words()
    {
        using var folder = new TemporaryFolder();
        string library = folder.Write("libLibTorchSharp.so", Encoding.ASCII.GetBytes("not a shared library"));

        string? error = NativeLoadDiagnosis.LoaderError(library);

        Assert.NotNull(error);
        Assert.Contains(library, error);
        Assert.DoesNotContain("consider using a tool like strace", error);
    }

    [Fact]
    public void The_library_in_the_test_output_is_found_and_loads()
    {
        string? library = NativeLoadDiagnosis.FindLibrary(AppContext.BaseDirectory);

        Assert.NotNull(library);
        Assert.Null(NativeLoadDiagnosis.LoaderError(library));
    }
}
