using Microsoft.AspNetCore.Builder;
using Nao.Dashboard;

namespace Nao.Tests;

/// <summary>A dashboard on a free loopback port (real Kestrel) and a client for it.</summary>
internal sealed class DashboardHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardHost(WebApplication app, DashboardOptions options)
    {
        _app = app;
        Address = DashboardServer.Address(app, options);
        var root = new Uri(Address).GetLeftPart(UriPartial.Authority);
        Client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(root) };
    }

    /// <summary>What nao serve prints: the address, with the token when there is one.</summary>
    public string Address { get; }

    public HttpClient Client { get; }

    public static async Task<DashboardHost> StartAsync(string runs, string? token = null)
    {
        var options = new DashboardOptions { RunsDirectory = runs, Port = 0, Token = token };
        options.Validate();
        var app = DashboardServer.Build(options);
        await app.StartAsync();
        return new DashboardHost(app, options);
    }

    public async Task<(int Status, string Body, string? Type)> GetAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
