namespace Nao.Tests.Support;

/// <summary>
/// A test that needs parts of the machine that a developer's box may lack: a PostgreSQL installation, or root for
/// network namespaces. Outside CI such a test is skipped with the reason and the fix. Under <c>.ci/run</c>, which
/// installs what these tests need and sets <c>NAO_REQUIRE_SYSTEM_TESTS=1</c>, it is never skipped: a missing part
/// fails it instead, so CI's totals cannot count a test that did not run as passed.
/// </summary>
public sealed class SystemFactAttribute : FactAttribute
{
    public SystemFactAttribute(bool postgres = true, bool namespaces = false)
    {
        var missing = (postgres ? PostgresServer.Unavailable() : null) ?? (namespaces ? NetworkLab.Unavailable() : null);
        if (missing is not null && !Required) Skip = $"Not run: {missing}.";
    }

    /// <summary>Set by .ci/run: the system tests must run.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("NAO_REQUIRE_SYSTEM_TESTS") == "1";
}
