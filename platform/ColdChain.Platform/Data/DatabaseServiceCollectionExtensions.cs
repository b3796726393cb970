using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Data;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>The platform database, migrated (and its roles created) before any other hosted service starts.</summary>
    public static IServiceCollection AddPlatformDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddDbContext<PlatformDbContext>((sp, o) => Configure(o, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.AddHostedService<DatabaseMigrator>();
        return services;
    }

    internal static void Configure(DbContextOptionsBuilder options, DatabaseOptions database)
    {
        switch (database.Provider)
        {
            case DatabaseProvider.Postgres:
                options.UseNpgsql(database.ConnectionString);
                // The migrations were generated against SQLite and kept provider-neutral; Npgsql's own annotations
                // (identity columns) make its model differ from the snapshot without any schema difference.
                options.ConfigureWarnings(w => w.Log(RelationalEventId.PendingModelChangesWarning));
                break;
            default:
                options.UseSqlite(database.ConnectionString);
                break;
        }
    }
}
