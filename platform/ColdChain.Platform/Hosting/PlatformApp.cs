using ColdChain.Ingest;
using ColdChain.Ingest.Storage;
using ColdChain.Platform.Demo;
using ColdChain.Platform.Embedded;
using ColdChain.Platform.Health;
using ColdChain.Platform.Readings;
using ColdChain.Platform.Registry;
using ColdChain.Protocol.Codec;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ColdChain.Platform;

/// <summary>
/// Builds the platform host. Embedded by default: MQTTnet's broker and the ingest pipeline in-process, SQLite for
/// telemetry. <c>--demo</c> adds the simulated fleet. The production stack switches the broker off and points
/// <c>Ingest</c> and <c>Storage</c> at mosquitto and InfluxDB (or runs ingest as its own service).
/// </summary>
public static class PlatformApp
{
    public const string DefaultUrl = "http://127.0.0.1:5080";
    public const string DemoSwitch = "--demo";

    public static WebApplication Create(string[] args)
    {
        var demo = args.Contains(DemoSwitch, StringComparer.Ordinal);
        var builder = WebApplication.CreateBuilder(args.Where(a => a != DemoSwitch).ToArray());

        builder.UseEmbeddedDefaults(demo);
        builder.AddPlatformServices(demo);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var app = builder.Build();
        app.MapPlatform();
        app.Lifetime.ApplicationStarted.Register(() => AnnounceUrls(app, demo));
        return app;
    }

    private static void AddPlatformServices(this WebApplicationBuilder builder, bool demo)
    {
        var configuration = builder.Configuration;
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddEmbeddedBroker(configuration); // first: it must listen before ingest and gateways connect
        builder.Services.AddTelemetryStore(configuration);
        if (configuration.GetValue("Ingest:Enabled", defaultValue: true))
        {
            builder.Services.AddIngest(configuration);
        }

        builder.Services.AddAssetRegistry(configuration);
        if (demo)
        {
            var interval = configuration.GetValue("Demo:Interval", TimeSpan.FromSeconds(5));
            builder.Services.AddDemoFleet(configuration["Ingest:Broker:Host"] ?? "127.0.0.1", configuration.GetValue("Ingest:Broker:Port", 1883), interval);
        }

        builder.Services.AddPlatformHealthChecks();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new UtcTimestampConverter()));
    }

    private static void MapPlatform(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapGet("/", () => TypedResults.Redirect("/api/assets")).ExcludeFromDescription();
        app.MapAssetsApi();
        app.MapReadingsApi();
        app.MapPlatformHealth();
    }

    /// <summary>
    /// In embedded mode ingest talks to the in-process broker with a plain subscription (MQTTnet's broker refuses
    /// <c>$share</c>), and telemetry goes to SQLite under the data folder; demo data is kept apart from real data.
    /// </summary>
    private static void UseEmbeddedDefaults(this WebApplicationBuilder builder, bool demo)
    {
        var configuration = builder.Configuration;
        var overrides = new Dictionary<string, string?>();
        if (configuration.GetSection(EmbeddedBrokerOptions.Section).GetValue("Enabled", defaultValue: true))
        {
            overrides["Ingest:Broker:Host"] = "127.0.0.1";
            overrides["Ingest:Broker:Port"] = configuration.GetValue("Embedded:Broker:Port", 1883).ToString(System.Globalization.CultureInfo.InvariantCulture);
            overrides["Ingest:UseSharedSubscription"] = "false";
        }

        var dataDirectory = Path.GetFullPath(configuration["DataDirectory"] ?? "data", builder.Environment.ContentRootPath);
        var sqlitePath = configuration["Storage:Sqlite:Path"] ?? (demo ? "demo-telemetry.db" : "telemetry.db");
        overrides["Storage:Sqlite:Path"] = Path.GetFullPath(sqlitePath, dataDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(overrides["Storage:Sqlite:Path"])!);
        configuration.AddInMemoryCollection(overrides);
    }

    private static void AnnounceUrls(WebApplication app, bool demo)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var registry = app.Services.GetRequiredService<AssetRegistry>();
        var mode = demo ? $"demo, {registry.All.Count} simulated assets" : "embedded";
        foreach (var address in addresses)
        {
            Console.WriteLine($"ColdChain platform ({mode}) listening on {address}  — try {address}/api/assets");
        }
    }
}
