using ColdChain.Ingest.Sequencing;
using ColdChain.Platform.Alarms.Notifications;
using ColdChain.Platform.Reports.Building;
using ColdChain.Platform.Reports.Schedules;
using ColdChain.Platform.Reports.Verification;

namespace ColdChain.Platform.Reports;

public static class ReportsServiceCollectionExtensions
{
    /// <summary>Report building, issuing (hash, signature, audit) and verification; the signing key lives under the data folder.</summary>
    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSequenceLedger(configuration);
        services.AddSingleton(_ => new DocumentSigner(Path.Combine(configuration["DataDirectory"] ?? "data", "keys", "report-signing.pem")));
        services.AddScoped<ComplianceReportBuilder>();
        services.AddScoped<ReportIssuer>();
        services.AddScoped<DocumentVerifier>();
        services.AddAlarmNotifications(configuration); // scheduled reports go out through the alarm SMTP relay
        services.AddOptions<ReportSchedulesOptions>().Bind(configuration.GetSection(ReportSchedulesOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.MaxRetryDelay >= o.RetryDelay, "Reports:Schedules:MaxRetryDelay must not be shorter than RetryDelay")
            .ValidateOnStart();
        services.AddSingleton<ScheduledReportWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ScheduledReportWorker>());
        return services;
    }
}
