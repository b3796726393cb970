using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace ColdChain.Platform.Reports.Verification;

/// <summary>Short ids people can read out over the phone: 10 characters of Crockford base32 (50 random bits), e.g. <c>7K3MQ-9XDA2</c>.</summary>
public static partial class VerificationIds
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New()
    {
        Span<char> id = stackalloc char[11];
        for (var i = 0; i < id.Length; i++)
        {
            id[i] = i == 5 ? '-' : Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(id);
    }

    /// <summary>The id a document claims, found in its bytes (the CSV header, the PDF's keywords), if any.</summary>
    public static string? FindClaimed(ReadOnlySpan<byte> content)
    {
        var match = Claimed().Match(System.Text.Encoding.Latin1.GetString(content));
        return match.Success ? match.Groups["id"].Value : null;
    }

    [GeneratedRegex("verification[ -]id[: ]+(?<id>[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5})")]
    private static partial Regex Claimed();
}
