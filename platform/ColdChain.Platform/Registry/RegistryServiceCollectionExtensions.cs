using ColdChain.Platform.Profiles;
using ColdChain.Platform.Sensors;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Registry;

public static class RegistryServiceCollectionExtensions
{
    /// <summary>The registry lives in the platform database; configured assets are seeded after the migrations ran.</summary>
    public static IServiceCollection AddRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RegistryOptions>()
            .Bind(configuration.GetSection(RegistryOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RegistryOptions>, RegistryOptionsValidator>();
        services.AddHostedService<RegistrySeeder>();
        return services;
    }

    public static IEndpointRouteBuilder MapRegistryApis(this IEndpointRouteBuilder app)
    {
        app.MapSitesApi();
        app.MapAssetsApi();
        app.MapProfilesApi();
        app.MapSensorsApi();
        return app;
    }

    private sealed class RegistryOptionsValidator : IValidateOptions<RegistryOptions>
    {
        public ValidateOptionsResult Validate(string? name, RegistryOptions options) =>
            RegistrySeeder.Problem(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
