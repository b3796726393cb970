using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ColdChain.Platform.Tests.Support;

/// <summary>
/// The real platform host on a free loopback port, on SQLite (its own data folder) or on its own database of the shared
/// PostgreSQL server; no broker, no ingest (so the alarm monitor, when a test turns it on, subscribes plainly). Callers are people signed in with the session cookie or API keys.
/// </summary>
public sealed class TestPlatform : IAsyncDisposable
{
    public const string Password = "correct horse battery staple 42";

    private readonly TempFolder _data;

    private TestPlatform(WebApplication app, TempFolder data, Uri address, CapturedLogs logs)
    {
        App = app;
        _data = data;
        Address = address;
        Logs = logs;
        // Cookies are set per request by hand: a logout's Set-Cookie must not sign out the next request.
        Http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = address };
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public CapturedLogs Logs { get; }

    public string DataFolder => _data.Path;

    public string[] DatabaseArgs { get; private set; } = [];

    public static Task<TestPlatform> StartAsync(Database database, params string[] args) => StartAsync(database, _ => { }, args);

    /// <summary>As <see cref="StartAsync(Database, string[])"/>, with services replaced after the platform's own (a FakeTimeProvider, …).</summary>
    public static async Task<TestPlatform> StartAsync(Database database, Action<IServiceCollection> overrides, params string[] args)
    {
        var data = new TempFolder("coldchain-platform-test");
        string[] databaseArgs = database == Database.Postgres
            ? ["--Database:Provider=Postgres", $"--Database:ConnectionString={(await SharedPostgres.GetAsync()).NewConnectionString()}"]
            : [];
        var address = new Uri($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}");
        var app = PlatformApp.Create(
        [
            "--Embedded:Broker:Enabled=false",
            "--Ingest:Enabled=false",
            "--Alarms:MonitorEnabled=false", // no broker here: a test that needs the monitor turns it on and names one
            "--Alarms:Subscription=Plain", // and no ingest to answer the monitor's probe: a test with ingest asks for SharedAfterIngest
            "--Security:LoginRequestsPerWindow=1000",
            "--Security:ApiRequestsPerWindow=100000",
            .. databaseArgs,
            .. args,
            $"--urls={address}",
            $"--DataDirectory={data.Path}",
        ], overrides);
        var logs = new CapturedLogs();
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        await app.StartAsync();
        return new TestPlatform(app, data, address, logs) { DatabaseArgs = [.. databaseArgs, $"--DataDirectory={data.Path}"] };
    }

    /// <summary>Creates a user with <paramref name="role"/> and signs in; the returned caller carries the session cookie.</summary>
    public async Task<Caller> SignInAsNewAsync(string role, string? email = null)
    {
        email ??= $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.coldchain.local";
        var (user, errors) = await InScopeAsync(s => s.GetRequiredService<PlatformUsers>().CreateAsync(email, role, role, Password, AuditActor.System, CancellationToken.None));
        Assert.That(errors, Is.Empty, "test user created");
        var caller = await SignInAsync(email, Password);
        return caller with { UserId = user!.Id };
    }

    public async Task<Caller> SignInAsync(string email, string password)
    {
        using var response = await LoginAsync(email, password);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"login of {email}");
        var cookie = response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("coldchain.session=", StringComparison.Ordinal));
        return new Caller(email, r => r.Headers.Add("Cookie", cookie));
    }

    public Task<HttpResponseMessage> LoginAsync(string email, string password) =>
        Http.PostAsJsonAsync("/api/auth/login", new { email, password });

    public async Task<Caller> WithApiKeyAsync(params string[] scopes)
    {
        var key = await IssueKeyAsync(scopes);
        return new Caller($"key({string.Join(' ', scopes)})", r => r.Headers.Add(ApiKeys.Header, key.Key));
    }

    public Task<ApiKeys.Issued> IssueKeyAsync(string[] scopes, DateTimeOffset? expiresAt = null) =>
        InScopeAsync(s => s.GetRequiredService<ApiKeys>().CreateAsync("test client", scopes, expiresAt, AuditActor.System, CancellationToken.None));

    public static Caller Anonymous { get; } = new("anonymous", _ => { });

    public async Task<HttpResponseMessage> SendAsync(Caller caller, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        caller.Authenticate(request);
        return await Http.SendAsync(request);
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task<int> SqlAsync(string sql) => InScopeAsync(s => Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(s.GetRequiredService<PlatformDbContext>().Database, sql));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}

/// <summary>Someone calling the API: a signed-in person (cookie), a machine (API key) or nobody.</summary>
public sealed record Caller(string Name, Action<HttpRequestMessage> Authenticate)
{
    public string? UserId { get; init; }

    public override string ToString() => Name;
}
