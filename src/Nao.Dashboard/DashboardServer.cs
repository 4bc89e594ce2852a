using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nao.Dashboard.Pages;
using Nao.Dashboard.Security;

namespace Nao.Dashboard;

/// <summary>
/// The dashboard's web application: a handful of GET endpoints that render HTML from run stores opened read-only.
/// Every request passes the token check (when there is a token) and, on loopback without one, a Host check that keeps
/// other web sites from reading the page through DNS rebinding.
/// </summary>
public static class DashboardServer
{
    private const string CookieName = "nao_token";

    /// <summary>Builds the application (not started). The options must be valid and <see cref="DashboardOptions.Secured"/>.</summary>
    public static WebApplication Build(DashboardOptions options)
    {
        var folder = new RunsFolder(options.RunsDirectory);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (string.Equals(options.Listen, "localhost", StringComparison.OrdinalIgnoreCase)) kestrel.ListenLocalhost(options.Port);
            else kestrel.Listen(IPAddress.Parse(options.Listen), options.Port);
        });
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (Refusal(options, context) is { } refusal)
            {
                context.Response.StatusCode = refusal.Status;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync(refusal.Message);
                return;
            }
            var headers = context.Response.Headers;
            // Pages hold only this app's own script; nothing from elsewhere runs or loads.
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.CacheControl = "no-store";
            await next(context);
        });

        app.MapGet("/", () => HtmlResult(RunsPage.Render(folder)));
        app.MapGet("/fragments/runs", (HttpContext http) =>
            Unchanged(http, RunVersion.Of([.. folder.RunIds().Select(id => folder.Run(id)!)])) ?? HtmlResult(RunsPage.Table(folder)));
        app.MapGet("/run", (string? id, string? x, string? y) => WithRun(folder, id, view => RunPage.Render(view, x, y)));
        app.MapGet("/fragments/run", (HttpContext http, string? id, string? x, string? y) =>
            folder.Run(id) is { } path && Unchanged(http, RunVersion.Of([path], x, y)) is { } unchanged
                ? unchanged
                : WithRun(folder, id, view => RunPage.Fragment(view, x, y)));
        app.MapGet("/trial", (string? run, int? index) => WithRun(folder, run, view => index is { } i ? TrialPage.Render(folder, view, i) : null));
        app.MapGet("/compare", (string[]? run, string? under) => HtmlResult(ComparePage.Render(folder, run ?? [], under)));
        app.MapGet("/file", (string? run, string? path) =>
        {
            if (folder.Run(run) is not { } runPath || folder.File(runPath, path) is not { } file) return NotFound();
            // Served as plain text whatever its name, so a log that holds HTML is never rendered.
            return Results.Stream(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete), "text/plain; charset=utf-8");
        });
        app.MapGet("/static/{name}", (string name) => Static(name));
        return app;
    }

    /// <summary>Starts the dashboard, prints its address, and serves until <paramref name="cancellationToken"/> fires.</summary>
    public static async Task RunAsync(DashboardOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        // The search comes first: the dashboard's own work runs below normal priority, so an open page takes CPU
        // only when the search leaves some.
        try
        {
            System.Diagnostics.Process.GetCurrentProcess().PriorityClass = System.Diagnostics.ProcessPriorityClass.BelowNormal;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            // Not allowed here; the dashboard still works at normal priority.
        }
        await using var app = Build(options);
        await app.StartAsync(cancellationToken);
        output.WriteLine($"Serving the runs in {new RunsFolder(options.RunsDirectory).Root} at {Address(app, options)}");
        if (!options.IsLoopback) output.WriteLine($"Listening on {options.Listen}: every request needs the token (it is in the address above). Stop with Ctrl-C.");
        else output.WriteLine("Only this machine can connect. Stop with Ctrl-C.");
        // Stopped by the caller's token, or by the host itself on SIGTERM or Ctrl-C (it handles both signals).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, app.Lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C is how a server stops; it is not an error.
        }
        await app.StopAsync(CancellationToken.None);
    }

    /// <summary>The address a browser opens: the bound port, and the token when there is one.</summary>
    public static string Address(WebApplication app, DashboardOptions options)
    {
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(bound.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal)).Port;
        var host = options.IsLoopback ? "127.0.0.1" : options.Listen.Contains(':') ? $"[{options.Listen}]" : options.Listen;
        return $"http://{host}:{port}/" + (options.Token is { } token ? $"?token={token}" : "");
    }

    /// <summary>Why a request is refused (status and message), or null when it may go on.</summary>
    internal static (int Status, string Message)? Refusal(DashboardOptions options, HttpContext context)
    {
        if (options.Token is { } token)
        {
            var request = context.Request;
            string? given = request.Query["token"];
            var fromQuery = given is not null;
            given ??= request.Cookies[CookieName];
            var header = request.Headers.Authorization.ToString();
            if (given is null && header.StartsWith("Bearer ", StringComparison.Ordinal)) given = header["Bearer ".Length..];
            if (given is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(token)))
            {
                return (StatusCodes.Status401Unauthorized, "This dashboard needs its token: open the address 'nao serve' printed (it ends in ?token=...).");
            }
            // Links and the live updates carry the token in a cookie from here on.
            if (fromQuery) context.Response.Cookies.Append(CookieName, token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/" });
            return null;
        }
        // Without a token the server only listens on loopback; a page of another site that rebinds its name to
        // 127.0.0.1 still sends its own name as Host, and is refused.
        var hostName = context.Request.Host.Host;
        if (hostName is not ("localhost" or "127.0.0.1" or "[::1]" or "::1") && !(IPAddress.TryParse(hostName.Trim('[', ']'), out var a) && IPAddress.IsLoopback(a)))
        {
            return (StatusCodes.Status403Forbidden, "Only addresses of this machine (127.0.0.1, localhost) may be used; to serve others, start nao serve with --listen and --token.");
        }
        return null;
    }

    /// <summary>304 when the page already shows this version; otherwise null, and the response carries the version.</summary>
    private static IResult? Unchanged(HttpContext http, string version)
    {
        if (string.Equals(http.Request.Headers.IfNoneMatch.ToString(), version, StringComparison.Ordinal)) return Results.StatusCode(StatusCodes.Status304NotModified);
        http.Response.Headers.ETag = version;
        return null;
    }

    private static IResult HtmlResult(string html) => Results.Content(html, "text/html; charset=utf-8");

    private static IResult NotFound() => Results.Content("Not found (or outside the runs folder).", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);

    private static IResult WithRun(RunsFolder folder, string? id, Func<RunView, string?> render)
    {
        if (folder.Run(id) is not { } path) return NotFound();
        try
        {
            return render(RunView.Load(id!, path)) is { } html ? HtmlResult(html) : NotFound();
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return Results.Content(Html.Page("Unreadable run", $"<p class=\"error\">{Html.Encode(e.Message)}</p>"), "text/html; charset=utf-8", statusCode: StatusCodes.Status500InternalServerError);
        }
    }

    private static IResult Static(string name)
    {
        var type = name switch { "dashboard.js" => "text/javascript; charset=utf-8", "dashboard.css" => "text/css; charset=utf-8", _ => null };
        if (type is null || typeof(DashboardServer).Assembly.GetManifestResourceStream(name) is not { } stream) return NotFound();
        return Results.Stream(stream, type);
    }
}
