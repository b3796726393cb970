namespace ColdChain.Platform.Registry;

public static class AssetsApi
{
    public static IEndpointRouteBuilder MapAssetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/assets").WithTags("Assets");
        api.MapGet("/", (AssetRegistry registry) => TypedResults.Ok(registry.All))
            .WithName("ListAssets")
            .WithSummary("Every cold room, freezer, truck, trailer and compartment, with its site.");
        return app;
    }
}
