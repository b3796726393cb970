using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ColdChain.Platform.Alarms.Notifications;

/// <summary>
/// <c>X-ColdChain-Signature: sha256=hex(HMAC-SHA256(secret, "{timestamp}.{body}"))</c>, with the Unix timestamp in
/// <c>X-ColdChain-Timestamp</c>: a receiver checks both, and refuses old timestamps to stop replays.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-ColdChain-Signature";
    public const string TimestampHeader = "X-ColdChain-Timestamp";
    public const string DeliveryHeader = "X-ColdChain-Delivery";

    public static string Compute(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    public static bool Verify(string secret, long timestamp, ReadOnlySpan<byte> body, string? signature) =>
        signature is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature));
}
