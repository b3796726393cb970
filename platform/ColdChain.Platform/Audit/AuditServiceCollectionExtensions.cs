namespace ColdChain.Platform.Audit;

public static class AuditServiceCollectionExtensions
{
    public static IServiceCollection AddAuditTrail(this IServiceCollection services)
    {
        services.AddOptions<AuditOptions>()
            .BindConfiguration(AuditOptions.Section)
            .PostConfigure<IConfiguration>((o, configuration) =>
                o.HeadFile ??= AuditHead.DefaultPath(configuration["DataDirectory"] ?? "data", configuration["Database:ConnectionString"]))
            .Validate(o => o.Retention.AccessRecords >= AuditRetentionOptions.MinimumAccessRecords,
                $"Audit:Retention:AccessRecords must be at least {AuditRetentionOptions.MinimumAccessRecords.TotalDays} days")
            .Validate(o => o.Retention.OtherRecords >= AuditRetentionOptions.MinimumOtherRecords && o.Retention.OtherRecords >= o.Retention.AccessRecords,
                $"Audit:Retention:OtherRecords must be at least {AuditRetentionOptions.MinimumOtherRecords.TotalDays} days and not shorter than AccessRecords")
            .ValidateOnStart();
        services.AddSingleton<AuditTrail>();
        services.AddScoped<AuditRetention>();
        services.AddHostedService<DailyAuditPurge>();
        return services;
    }
}
