namespace ColdChain.Platform.Audit;

public static class AuditServiceCollectionExtensions
{
    public static IServiceCollection AddAuditTrail(this IServiceCollection services)
    {
        services.AddSingleton<AuditTrail>();
        return services;
    }
}
