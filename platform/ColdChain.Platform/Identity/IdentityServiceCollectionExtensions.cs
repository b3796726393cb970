using ColdChain.Platform.Alarms.Notifications;
using ColdChain.Platform.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Identity;

public static class IdentityServiceCollectionExtensions
{
    private const string PlatformScheme = "Platform";

    /// <summary>People sign in with a cookie (Identity), machines send <c>X-Api-Key</c>; one policy set covers both.</summary>
    public static IServiceCollection AddPlatformIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityOptions>()
            .Bind(configuration.GetSection(SecurityOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var security = configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();

        services.AddIdentity<PlatformUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = PasswordPolicy.MinimumLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.MaxFailedAccessAttempts = security.LockoutAfterFailures;
                o.Lockout.DefaultLockoutTimeSpan = security.LockoutDuration;
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<PlatformDbContext>()
            .AddUserManager<PlatformUserManager>()
            .AddSignInManager<PlatformSignInManager>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<StrongPasswordValidator>();

        // The keys behind the session cookie live in the platform database: a cookie issued by one instance is good at
        // every other, and a restart (a new container) signs nobody out.
        services.AddDataProtection()
            .SetApplicationName("ColdChain.Platform")
            .PersistKeysToDbContext<PlatformDbContext>();

        // Every request re-reads the user: a disabled account or a changed role takes effect at once, not within 30 minutes.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "coldchain.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.ExpireTimeSpan = security.IdleTimeout;
            o.SlidingExpiration = true;
            // An API answers 401/403; it does not redirect to a login page.
            o.Events.OnRedirectToLogin = c => Status(c, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => Status(c, StatusCodes.Status403Forbidden);
        });

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = PlatformScheme;
                o.DefaultAuthenticateScheme = PlatformScheme;
                o.DefaultChallengeScheme = PlatformScheme;
                o.DefaultForbidScheme = PlatformScheme;
            })
            .AddPolicyScheme(PlatformScheme, "cookie for people, API key for machines", o =>
                o.ForwardDefaultSelector = c => c.Request.Headers.ContainsKey(ApiKeys.Header) ? ApiKeyAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, _ => { });

        services.AddAuthorization(Policies.Add);
        services.AddScoped<ApiKeys>();
        services.AddScoped<PlatformUsers>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<SignInAudit>();
        services.AddSingleton<SecurityAlerts>();
        services.AddHostedService<SecurityAlertSender>();
        services.AddAlarmNotifications(configuration); // security alerts go through the alarm channels
        services.AddPlatformRateLimits(security);
        return services;
    }

    public static IEndpointRouteBuilder MapIdentityApis(this IEndpointRouteBuilder app)
    {
        app.MapAuthApi();
        app.MapUsersApi();
        app.MapApiKeysApi();
        return app;
    }

    private static Task Status(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    internal static SecurityOptions Security(this HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value;
}
