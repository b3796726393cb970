namespace ColdChain.Protocol;

/// <summary>
/// Site, gateway, asset and sensor ids travel in topics and InfluxDB tags, so they are restricted to a safe
/// alphabet: letters, digits, '-', '_' and '.', 1 to 64 characters. No MQTT wildcards, no separators, no spaces.
/// </summary>
public static class Identifiers
{
    public const int MaxLength = 64;

    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Why <paramref name="id"/> is not a valid identifier, or null when it is.</summary>
    public static string? Problem(string? id) => id switch
    {
        null or "" => "is missing",
        { Length: > MaxLength } => $"is longer than {MaxLength} characters",
        _ when !IsValid(id) => "may hold only letters, digits, '-', '_' and '.'",
        _ => null,
    };

    public static void EnsureValid(string? id, string name)
    {
        if (Problem(id) is { } problem)
        {
            throw new ArgumentException($"{name} '{id}' {problem}", name);
        }
    }
}
