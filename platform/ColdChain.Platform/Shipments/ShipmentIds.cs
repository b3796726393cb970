using System.Text.RegularExpressions;

namespace ColdChain.Platform.Shipments;

public static partial class ShipmentIds
{
    public static bool IsOrderRef(string value) => OrderRefPattern().IsMatch(value);

    /// <summary>GS1 SSCC: 18 digits, the last a mod-10 check digit (weights 3,1,3,… from the right of the data digits).</summary>
    public static bool IsSscc(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length != 18 || !value.All(char.IsAsciiDigit))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (value[i] - '0') * (i % 2 == 0 ? 3 : 1);
        }

        return (10 - (sum % 10)) % 10 == value[17] - '0';
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$")]
    private static partial Regex OrderRefPattern();
}
