using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Live;

/// <summary>
/// Live push to the web (<c>/hubs/live</c>). A connection joins <c>asset:{id}</c> for each asset its caller may see
/// (a driver: their trucks only) and then receives <c>reading</c>, <c>alarm</c> and <c>gateway</c> messages for them.
/// Clients only listen: the hub has no methods to call.
/// </summary>
[Authorize(Policy = Policies.ReadReadings)]
public sealed class LiveHub(PlatformDbContext db) : Hub
{
    public const string Path = "/hubs/live";

    public static string AssetGroup(string asset) => $"asset:{asset}";

    public override async Task OnConnectedAsync()
    {
        var user = Context.User ?? new System.Security.Claims.ClaimsPrincipal();
        var aborted = Context.ConnectionAborted;
        try
        {
            var assets = await db.Assets.AsNoTracking().VisibleTo(user).Select(a => a.Id).ToListAsync(aborted);
            foreach (var asset in assets)
            {
                await Groups.AddToGroupAsync(Context.ConnectionId, AssetGroup(asset), aborted);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The page went away while connecting (a link clicked as soon as the overview loaded): nothing to join,
            // nothing wrong, and no error for the log.
            return;
        }

        await base.OnConnectedAsync();
    }
}
