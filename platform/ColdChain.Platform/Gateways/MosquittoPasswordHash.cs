using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ColdChain.Platform.Gateways;

/// <summary>
/// The hash mosquitto 2.0 keeps in its password file: <c>$7$iterations$salt$hash</c>, PBKDF2-HMAC-SHA512 with a 12-byte
/// salt and a 64-byte key, both Base64 (mosquitto's password_file.c, <c>PW_SHA512_PBKDF2</c>). The platform stores the
/// same string, so it can write the file for mosquitto and verify the same credential in the embedded broker.
/// </summary>
public static class MosquittoPasswordHash
{
    /// <summary>mosquitto_passwd's default; the secret is 256 random bits, so the count adds nothing against guessing.</summary>
    public const int Iterations = 101;
    private const int SaltLength = 12;
    private const int KeyLength = 64;

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltLength);
        var key = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA512, KeyLength);
        return $"$7${Iterations.ToString(CultureInfo.InvariantCulture)}${Convert.ToBase64String(salt)}${Convert.ToBase64String(key)}";
    }

    public static bool Verify(string password, string hash)
    {
        var parts = hash.Split('$');
        if (parts.Length != 5 || parts[1] != "7" || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[3]);
            var expected = Convert.FromBase64String(parts[4]);
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
