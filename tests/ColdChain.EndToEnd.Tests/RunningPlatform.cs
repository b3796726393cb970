using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ColdChain.Platform;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Identity;
using ColdChain.Protocol.Codec;
using ColdChain.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ColdChain.EndToEnd.Tests;

/// <summary>
/// The real platform host (Kestrel on a free loopback port) with its own data folder. <see cref="Http"/> calls the API
/// as a machine client would: with an API key of scope <c>readings:read</c>, issued in-process at start.
/// </summary>
internal sealed class RunningPlatform : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new UtcTimestampConverter() } };

    private readonly WebApplication _app;
    private readonly TempFolder _data;

    private RunningPlatform(WebApplication app, TempFolder data, Uri address)
    {
        _app = app;
        _data = data;
        Http = new HttpClient { BaseAddress = address };
        Anonymous = new HttpClient { BaseAddress = address };
    }

    public HttpClient Http { get; }

    /// <summary>The platform's services, for setting up accounts and keys in-process as an administrator would.</summary>
    public IServiceProvider Services => _app.Services;

    public Uri Address => Http.BaseAddress!;

    /// <summary>No credentials: the health probes answer, the API does not.</summary>
    public HttpClient Anonymous { get; }

    public static async Task<RunningPlatform> StartAsync(params string[] args)
    {
        var data = new TempFolder("coldchain-platform");
        var address = new Uri($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}");
        var app = PlatformApp.Create([.. args, $"--urls={address}", $"--DataDirectory={data.Path}"]);
        await app.StartAsync();
        var platform = new RunningPlatform(app, data, address);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var key = await scope.ServiceProvider.GetRequiredService<ApiKeys>().CreateAsync("end-to-end tests", [Scopes.ReadingsRead], null, AuditActor.System, CancellationToken.None);
            platform.Http.DefaultRequestHeaders.Add(ApiKeys.Header, key.Key);
        }

        // Ready means ingest is subscribed: from then on nothing a gateway publishes is missed.
        await Eventually.ReturnsAsync(
            async () => (int)(await platform.Anonymous.GetAsync("/health/ready")).StatusCode,
            status => status == 200,
            TimeSpan.FromSeconds(30),
            "platform ready");
        return platform;
    }

    public async Task<IReadOnlyList<ApiReading>> ReadingsAsync(string asset, DateTimeOffset from, DateTimeOffset to)
    {
        var url = $"/api/assets/{asset}/readings?from={UtcTimestampConverter.Format(from)}&to={UtcTimestampConverter.Format(to)}";
        return await Http.GetFromJsonAsync<List<ApiReading>>(url, Json) ?? [];
    }

    public async Task<IReadOnlyList<ApiAsset>> AssetsAsync() => await Http.GetFromJsonAsync<List<ApiAsset>>("/api/assets", Json) ?? [];

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Anonymous.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _data.Dispose();
    }
}

internal sealed record ApiReading(string Sensor, DateTimeOffset Time, string Quantity, string Unit, double? Value, string Status);

internal sealed record ApiAsset(string Id, string Name, string Kind, string Site);
