using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ColdChain.Platform.Audit;

/// <summary>
/// The chain's high-water mark kept outside the database: the last sequence number and hash the application wrote.
/// Rows deleted at the end of the table leave no gap for the chain walk to find; against this mark they are missing.
/// Written atomically (temp file, fsync, rename) and never moved backwards.
/// </summary>
public sealed record AuditHead(long Sequence, string Hash)
{
    public static AuditHead? Read(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<AuditHead>(File.ReadAllText(path), AuditJson.Options) : null;
        }
        catch (JsonException)
        {
            return new AuditHead(-1, "unreadable");
        }
    }

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(JsonSerializer.SerializeToUtf8Bytes(this, AuditJson.Options));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>One file per database, named by a digest of its connection string without secrets (demo and real data never share one).</summary>
    public static string DefaultPath(string dataDirectory, string? connectionString)
    {
        var safe = string.Join(';', (connectionString ?? string.Empty).Split(';')
            .Where(p => !p.TrimStart().StartsWith("Password", StringComparison.OrdinalIgnoreCase)));
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(safe)))[..12];
        return Path.Combine(dataDirectory, $"audit-head-{digest}.json");
    }
}
