using System.Security.Cryptography;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Demo;

/// <summary>
/// <c>--demo</c> only: one user per role and one order-platform API key, printed to the console so that someone
/// trying the demo can sign in. Passwords and the key are new at every start (the old demo key is revoked); a
/// production start has no default account at all (see <c>users add-admin</c>).
/// </summary>
internal sealed class DemoAccounts(IServiceScopeFactory scopes) : IHostedService
{
    public const string Domain = "demo.coldchain.local";
    public const string OrderPlatformClient = "order-platform (demo)";
    public const string DriverTruck = "truck-01";

    public static string EmailOf(string role) => $"{role.ToLowerInvariant()}@{Domain}";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var users = services.GetRequiredService<UserManager<PlatformUser>>();
        var db = services.GetRequiredService<PlatformDbContext>();
        var audit = services.GetRequiredService<AuditTrail>();
        var printed = new List<string> { "Demo accounts (new passwords at every demo start):" };

        foreach (var role in Roles.All)
        {
            var email = EmailOf(role);
            var password = NewPassword();
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                var (created, errors) = await services.GetRequiredService<PlatformUsers>().CreateAsync(email, $"Demo {role}", role, password, AuditActor.System, cancellationToken);
                user = created ?? throw new InvalidOperationException($"demo user {email}: {string.Join("; ", errors)}");
            }
            else
            {
                await users.RemovePasswordAsync(user);
                await users.AddPasswordAsync(user, password);
                await users.SetLockoutEndDateAsync(user, null);
                await audit.RecordAsync(db, AuditActor.System, "user.password-reset", "user", user.Id, reason: "demo start", cancellationToken: cancellationToken);
            }

            if (role == Roles.Driver)
            {
                await AssignTruckAsync(db, audit, user.Id, cancellationToken);
            }

            printed.Add($"  {role,-18} {email,-40} password: {password}");
        }

        var keys = services.GetRequiredService<ApiKeys>();
        foreach (var old in await db.ApiClients.Where(c => c.Name == OrderPlatformClient && c.RevokedAt == null).Select(c => c.Id).ToListAsync(cancellationToken))
        {
            await keys.RevokeAsync(old, AuditActor.System, "replaced at demo start", cancellationToken);
        }

        var issued = await keys.CreateAsync(OrderPlatformClient, [Scopes.ShipmentsWrite, Scopes.ReportsRead, Scopes.ReadingsRead], null, AuditActor.System, cancellationToken);
        printed.Add($"  Order platform API key ({issued.Client.Scopes}): {issued.Key}");
        printed.Add($"  e.g. curl -H '{ApiKeys.Header}: {issued.Key}' .../api/assets   (the driver sees {DriverTruck} only)");
        Console.WriteLine(string.Join(Environment.NewLine, printed));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task AssignTruckAsync(PlatformDbContext db, AuditTrail audit, string driverId, CancellationToken cancellationToken)
    {
        var truck = await db.Assets.FindAsync([DriverTruck], cancellationToken);
        if (truck is null || truck.AssignedDriverId == driverId)
        {
            return;
        }

        var before = new { truck.Id, truck.AssignedDriverId };
        truck.AssignedDriverId = driverId;
        await audit.RecordAsync(db, AuditActor.System, "asset.update", "asset", truck.Id, before, new { truck.Id, truck.AssignedDriverId }, "demo driver", cancellationToken);
    }

    private static string NewPassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y');
}
