using System.Security.Cryptography;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Gateways;

/// <summary>Issues (and so rotates) and revokes gateway credentials, audited, and keeps mosquitto's files in step.</summary>
public sealed partial class GatewayCredentials(PlatformDbContext db, AuditTrail audit, TimeProvider time, IOptions<GatewayBrokerOptions> options, ILogger<GatewayCredentials> logger)
{
    /// <summary>A new secret for the gateway, shown once; the previous one stops working.</summary>
    public async Task<string?> IssueAsync(string gatewayId, AuditActor actor, CancellationToken cancellationToken)
    {
        var gateway = await db.Set<Gateway>().SingleOrDefaultAsync(g => g.Id == gatewayId, cancellationToken);
        if (gateway is null)
        {
            return null;
        }

        var rotated = gateway.CredentialHash is not null;
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        gateway.CredentialHash = MosquittoPasswordHash.Hash(secret);
        gateway.CredentialIssuedAt = AuditChain.Truncate(time.GetUtcNow());
        gateway.RevokedAt = null;
        await audit.RecordAsync(db, actor, rotated ? "gateway.credential-rotate" : "gateway.credential-issue", "gateway", gatewayId,
            newValues: new { gateway.Id, gateway.CredentialIssuedAt }, cancellationToken: cancellationToken);
        await WriteMosquittoFilesAsync(cancellationToken);
        return secret;
    }

    public async Task<bool> RevokeAsync(string gatewayId, AuditActor actor, string? reason, CancellationToken cancellationToken)
    {
        var gateway = await db.Set<Gateway>().SingleOrDefaultAsync(g => g.Id == gatewayId, cancellationToken);
        if (gateway is null)
        {
            return false;
        }

        gateway.RevokedAt ??= AuditChain.Truncate(time.GetUtcNow());
        await audit.RecordAsync(db, actor, "gateway.credential-revoke", "gateway", gatewayId, newValues: new { gateway.Id, gateway.RevokedAt }, reason: reason, cancellationToken: cancellationToken);
        await WriteMosquittoFilesAsync(cancellationToken);
        return true;
    }

    /// <summary>Rewrites <c>passwords</c> and <c>acl</c> atomically (write, then rename) when a mosquitto folder is configured.</summary>
    public async Task WriteMosquittoFilesAsync(CancellationToken cancellationToken)
    {
        var folder = options.Value.MosquittoDirectory;
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }

        var gateways = await db.Set<Gateway>().AsNoTracking().ToListAsync(cancellationToken);
        Directory.CreateDirectory(folder);
        await ReplaceAsync(Path.Combine(folder, "passwords"), MosquittoFiles.PasswordFile(gateways, options.Value.Accounts), cancellationToken);
        await ReplaceAsync(Path.Combine(folder, "acl"), MosquittoFiles.Acl(gateways, options.Value.Accounts), cancellationToken);
        LogWritten(folder, gateways.Count(g => g.CanConnect));
    }

    private static async Task ReplaceAsync(string path, string content, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, content, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote mosquitto password file and ACL to {Folder} ({Gateways} gateways may connect)")]
    private partial void LogWritten(string folder, int gateways);
}
