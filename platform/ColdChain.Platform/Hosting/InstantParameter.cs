using System.Globalization;

namespace ColdChain.Platform;

/// <summary>Query-string instants (<c>from</c>, <c>to</c>): ISO-8601 with an explicit zone, or a default when absent.</summary>
internal static class InstantParameter
{
    public static bool TryParse(string? text, string name, DateTimeOffset fallback, out DateTimeOffset value, out ProblemDetailsBody? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            value = fallback;
            return true;
        }

        // Only an explicit UTC instant or offset: a bare local time would mean different things on different servers.
        var hasZone = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        if (hasZone && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out value))
        {
            return true;
        }

        value = default;
        error = new ProblemDetailsBody($"invalid '{name}'", $"'{text}' is not an ISO-8601 instant with a zone, e.g. 2026-01-31T12:00:00Z");
        return false;
    }
}
