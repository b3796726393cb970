using System.Globalization;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Readings;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.FileProviders;

namespace ColdChain.Platform.Web;

/// <summary>
/// The web UI: server-rendered Razor Pages under <c>Web/</c>, static files from <c>wwwroot/</c> (vendored libraries in
/// <c>wwwroot/lib</c>), English and Simplified Chinese. Live parts are small scripts over the SignalR hub; no page holds
/// a server circuit.
/// </summary>
public static class WebUiServiceCollectionExtensions
{
    public const string LoginPath = "/login";
    public const string HomePath = "/overview";

    public static readonly CultureInfo[] Cultures = [new("en"), new("zh-CN")];

    /// <summary>Paths that are APIs or machinery: they answer 401/403, never a redirect to the login page.</summary>
    private static readonly string[] NonPagePrefixes = ["/api", "/hubs", "/health", "/openapi", "/docs"];

    public static IServiceCollection AddWebUi(this IServiceCollection services, IConfiguration configuration, bool demo)
    {
        services.AddOptions<WebUiOptions>()
            .Bind(configuration.GetSection(WebUiOptions.Section))
            .Configure(o =>
            {
                // The demo fleet reports every few seconds: a truck losing its network should go offline within a minute.
                if (demo && configuration[$"{WebUiOptions.Section}:OfflineAfter"] is null)
                {
                    o.OfflineAfter = TimeSpan.FromSeconds(60);
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddLocalization();
        services.AddRazorPages(o => o.RootDirectory = "/Web")
            .ConfigureApplicationPartManager(AddPlatformPages)
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(Strings)));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("en");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
        });
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o =>
        {
            var answerApi = o.Events.OnRedirectToLogin;
            o.LoginPath = LoginPath;
            o.Events.OnRedirectToLogin = c => IsPage(c.Request) ? RedirectToLogin(c) : answerApi(c);
        });
        services.AddScoped<AssetTiles>();
        services.AddSingleton<LoginThrottle>();
        services.AddTransient<IStartupFilter, WebUiStartup>();
        return services;
    }

    public static IEndpointRouteBuilder MapWebUi(this IEndpointRouteBuilder app)
    {
        app.MapSeriesApi();
        app.MapRazorPages();
        return app;
    }

    /// <summary>
    /// MVC looks for pages in the entry assembly; when the platform is hosted by another one (the tests), its pages
    /// must be added by hand, or every page would be unknown.
    /// </summary>
    private static void AddPlatformPages(ApplicationPartManager manager)
    {
        var assembly = typeof(Strings).Assembly;
        if (manager.ApplicationParts.Any(p => p.Name == assembly.GetName().Name))
        {
            return;
        }

        foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
        {
            manager.ApplicationParts.Add(part);
        }
    }

    private static bool IsPage(HttpRequest request) =>
        !NonPagePrefixes.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    private static Task RedirectToLogin(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context)
    {
        var returnUrl = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
        context.Response.Redirect($"{LoginPath}?returnUrl={Uri.EscapeDataString(returnUrl)}");
        return Task.CompletedTask;
    }

    /// <summary>
    /// Language and static files come first in the pipeline: the login page's styles and scripts must load before
    /// anyone is signed in, and every later step (including error pages) must know the language.
    /// </summary>
    private sealed class WebUiStartup : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseRequestLocalization();
            var beside = Path.Combine(AppContext.BaseDirectory, "wwwroot");
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = Directory.Exists(beside) ? new PhysicalFileProvider(beside) : app.ApplicationServices.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider,
                OnPrepareResponse = c =>
                {
                    // The vendored libraries change only with a new release; pages' own scripts are revalidated.
                    var immutable = c.Context.Request.Path.StartsWithSegments("/lib", StringComparison.Ordinal);
                    c.Context.Response.Headers.CacheControl = immutable ? "public, max-age=604800" : "no-cache";
                },
            });
            next(app);
        };
    }
}
