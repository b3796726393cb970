using Scalar.AspNetCore;

namespace ColdChain.Platform;

public static class OpenApiEndpoints
{
    public static IServiceCollection AddPlatformOpenApi(this IServiceCollection services) => services.AddOpenApi();

    /// <summary>The document at <c>/openapi/v1.json</c> and a browsable reference at <c>/docs</c>, both public: they describe, they do not serve data.</summary>
    public static IEndpointRouteBuilder MapPlatformOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/docs", o => o.WithTitle("ColdChain platform API")).AllowAnonymous();
        return app;
    }
}
