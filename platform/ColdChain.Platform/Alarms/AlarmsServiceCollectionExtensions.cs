using ColdChain.Ingest.Consuming;
using ColdChain.Platform.Alarms.Defrost;
using ColdChain.Platform.Alarms.Escalation;
using ColdChain.Platform.Alarms.Monitoring;
using ColdChain.Platform.Alarms.Notifications;
using ColdChain.Platform.Embedded;
using ColdChain.Platform.Live;

namespace ColdChain.Platform.Alarms;

public static class AlarmsServiceCollectionExtensions
{
    /// <summary>
    /// The alarm monitor (its own broker session on the <c>Ingest:Broker</c> connection), the ledger, escalation, the
    /// notification channels with their delivery queue, and the live hub.
    /// </summary>
    public static IServiceCollection AddAlarms(this IServiceCollection services, IConfiguration configuration)
    {
        var embeddedBroker = configuration.GetSection(EmbeddedBrokerOptions.Section).GetValue("Enabled", defaultValue: true);
        services.AddOptions<AlarmOptions>()
            .Configure(o => o.Subscription = embeddedBroker ? AlarmSubscription.Plain : AlarmSubscription.SharedAfterIngest) // the default per mode; configuration binds over it
            .Bind(configuration.GetSection(AlarmOptions.Section))
            .ValidateDataAnnotations()
            .Validate(
                o => !embeddedBroker || o.Subscription == AlarmSubscription.Plain,
                "Alarms:Subscription=SharedAfterIngest needs an external broker: the embedded one refuses $share filters (use Plain, its default)")
            .Validate(
                o => o.Subscription != AlarmSubscription.SharedAfterIngest || Protocol.Identifiers.IsValid(o.EffectiveClientId),
                $"Alarms:ClientId names the monitor's share group with Alarms:Subscription=SharedAfterIngest: it may hold only letters, digits, '-', '_' and '.' (at most {Protocol.Identifiers.MaxLength})")
            .ValidateOnStart();
        services.AddOptions<BrokerOptions>(AlarmOptions.Section).Bind(configuration.GetSection("Ingest:Broker")).ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.AddAlarmNotifications(configuration);
        services.AddLive();
        services.AddSingleton<AlarmMetrics>();
        services.AddSingleton<AlarmDirectory>();
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<DeliveryQueue>();
        services.AddSingleton<AlarmLedger>();
        services.AddSingleton<AlarmAcknowledgement>();
        services.AddSingleton<CabAcknowledgements>();
        services.AddSingleton<MissedTelemetry>();
        services.AddSingleton<AlarmMonitor>();
        services.AddSingleton<AlarmEscalator>();
        services.AddSingleton<CabChannel>();
        services.AddHostedService(sp => sp.GetRequiredService<AlarmMonitor>());
        services.AddHostedService(sp => sp.GetRequiredService<AlarmEscalator>());
        services.AddHostedService<DeliveryWorker>();
        return services;
    }

    public static IEndpointRouteBuilder MapAlarms(this IEndpointRouteBuilder app)
    {
        app.MapAlarmsApi();
        app.MapDefrostPlanApi();
        app.MapEscalationPolicyApi();
        app.MapLive();
        return app;
    }
}
