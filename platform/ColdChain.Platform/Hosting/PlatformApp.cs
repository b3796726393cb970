using ColdChain.Ingest;
using ColdChain.Ingest.DeadLetters;
using ColdChain.Ingest.Storage;
using ColdChain.Platform.Alarms;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.DeadLetters;
using ColdChain.Platform.Demo;
using ColdChain.Platform.Embedded;
using ColdChain.Platform.Gateways;
using ColdChain.Platform.Health;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Observability;
using ColdChain.Platform.Readings;
using ColdChain.Platform.Registry;
using ColdChain.Platform.Shipments;
using ColdChain.Platform.Web;
using ColdChain.Platform.Reports;
using ColdChain.Protocol.Codec;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ColdChain.Platform;

/// <summary>
/// Builds the platform host. Embedded by default: MQTTnet's broker and the ingest pipeline in-process, SQLite for
/// platform data and telemetry. <c>--demo</c> adds the simulated fleet and demo accounts. The production stack
/// switches the broker off and points <c>Database</c>, <c>Ingest</c> and <c>Storage</c> at PostgreSQL, mosquitto and InfluxDB.
/// </summary>
public static class PlatformApp
{
    public const string DefaultUrl = "http://127.0.0.1:5080";
    public const string DemoSwitch = "--demo";

    /// <param name="overrides">Tests only: replaces services after the platform's own (e.g. a FakeTimeProvider).</param>
    public static WebApplication Create(string[] args, Action<IServiceCollection>? overrides = null)
    {
        var demo = args.Contains(DemoSwitch, StringComparer.Ordinal);
        var builder = WebApplication.CreateBuilder(args.Where(a => a != DemoSwitch).ToArray());

        builder.UseEmbeddedDefaults(demo);
        builder.AddPlatformServices(demo);
        overrides?.Invoke(builder.Services);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var app = builder.Build();
        app.MapPlatform();
        app.Lifetime.ApplicationStarted.Register(() => AnnounceUrls(app, demo));
        return app;
    }

    /// <summary>The database, identity and audit services alone, for the command-line tools (<c>audit verify</c>, <c>users add-admin</c>).</summary>
    public static WebApplication CreateForCommand(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseEmbeddedDefaults(demo: false);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddPlatformDatabase(builder.Configuration);
        builder.Services.AddAuditTrail();
        builder.Services.AddPlatformIdentity(builder.Configuration);
        return builder.Build();
    }

    private static void AddPlatformServices(this WebApplicationBuilder builder, bool demo)
    {
        var configuration = builder.Configuration;
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddPlatformDatabase(configuration); // first: migrated before any hosted service reads it
        builder.Services.AddAuditTrail();
        builder.Services.AddPlatformIdentity(configuration);
        builder.Services.AddGateways(configuration);
        builder.Services.AddEmbeddedBroker(configuration); // before ingest: it must listen before ingest and gateways connect
        builder.Services.AddTelemetryStore(configuration);
        if (configuration.GetValue("Ingest:Enabled", defaultValue: true))
        {
            builder.Services.AddIngest(configuration);
        }
        else
        {
            builder.Services.AddDeadLetterStore(configuration); // ingest runs elsewhere; its dead letters are still served here
        }

        builder.Services.AddRegistry(configuration);
        builder.Services.AddShipments(configuration);
        builder.Services.AddReports(configuration);
        builder.Services.AddAlarms(configuration);
        if (demo)
        {
            var interval = configuration.GetValue("Demo:Interval", TimeSpan.FromSeconds(5));
            var gatewayData = Path.Combine(configuration["DataDirectory"]!, "demo-gateways");
            builder.Services.AddDemoFleet(configuration["Ingest:Broker:Host"] ?? "127.0.0.1", configuration.GetValue("Ingest:Broker:Port", 1883), interval, gatewayData);
        }

        builder.Services.AddWebUi(configuration, demo);
        builder.Services.AddPlatformHealthChecks();
        builder.Services.AddPlatformOpenApi();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new UtcTimestampConverter()));
        builder.AddPlatformObservability();
    }

    private static void MapPlatform(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapGet("/", () => TypedResults.Redirect("/overview")).AllowAnonymous().ExcludeFromDescription();
        app.MapIdentityApis();
        app.MapRegistryApis();
        app.MapGatewaysApi();
        app.MapReadingsApi();
        app.MapAuditApi();
        app.MapDeadLettersApi();
        app.MapShipmentsApi();
        app.MapWebUi();
        app.MapReportsApi();
        app.MapAlarms();
        app.MapPlatformHealth();
        app.MapPlatformOpenApi();
        app.MapPlatformObservability();
    }

    /// <summary>
    /// In embedded mode ingest talks to the in-process broker with a plain subscription (MQTTnet's broker refuses
    /// <c>$share</c>); telemetry and the platform database are SQLite files under the data folder, demo data kept
    /// apart from real data.
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
        overrides["DataDirectory"] = dataDirectory;
        if (configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite) == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(configuration["Database:ConnectionString"]))
        {
            overrides["Database:ConnectionString"] = $"Data Source={Path.Combine(dataDirectory, demo ? "demo-platform.db" : "platform.db")}";
        }

        Directory.CreateDirectory(Path.GetDirectoryName(overrides["Storage:Sqlite:Path"])!);
        Directory.CreateDirectory(dataDirectory);
        configuration.AddInMemoryCollection(overrides);
    }

    private static void AnnounceUrls(WebApplication app, bool demo)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var mode = demo ? $"demo, {DemoFleet.Assets.Count()} simulated assets" : "embedded";
        foreach (var address in addresses)
        {
            Console.WriteLine($"ColdChain platform ({mode}) listening on {address}  — pages at {address}/overview, API reference at {address}/docs");
        }
    }
}
