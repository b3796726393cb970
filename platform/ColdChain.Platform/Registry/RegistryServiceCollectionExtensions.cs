using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Registry;

public static class RegistryServiceCollectionExtensions
{
    public static IServiceCollection AddAssetRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RegistryOptions>()
            .Bind(configuration.GetSection(RegistryOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RegistryOptions>, RegistryOptionsValidator>();
        services.AddSingleton<AssetRegistry>();
        return services;
    }

    private sealed class RegistryOptionsValidator : IValidateOptions<RegistryOptions>
    {
        public ValidateOptionsResult Validate(string? name, RegistryOptions options) =>
            AssetRegistry.Problem(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
