using System.Threading.RateLimiting;
using ColdChain.Platform.Identity;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Web;

/// <summary>
/// The login form's posts per client address, limited like <c>POST /api/auth/login</c>. A page's GET must not count,
/// so the limiter is called from the post handler rather than attached to the page's endpoint.
/// </summary>
public sealed class LoginThrottle(IOptions<SecurityOptions> security) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = security.Value.LoginRequestsPerWindow,
            Window = security.Value.RateLimitWindow,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public bool TryEnter(HttpContext context)
    {
        using var lease = _limiter.AttemptAcquire(context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
