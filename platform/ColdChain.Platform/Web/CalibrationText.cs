using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace ColdChain.Platform.Web;

/// <summary>
/// A sensor's calibration status as a handover document records it (English, signed), in the reader's language:
/// the two fixed wordings and "certificate N of day, (was) due day"; anything else as recorded.
/// </summary>
public static partial class CalibrationText
{
    public static string Of(string recorded, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (recorded is "not registered: no calibration on record" or "no calibration certificate on record")
        {
            return text[recorded];
        }

        var certificate = Certificate().Match(recorded);
        return !certificate.Success ? recorded
            : certificate.Groups["was"].Success ? text["certificate {0} of {1}, was due {2}", certificate.Groups["number"].Value, certificate.Groups["on"].Value, certificate.Groups["due"].Value]
            : text["certificate {0} of {1}, due {2}", certificate.Groups["number"].Value, certificate.Groups["on"].Value, certificate.Groups["due"].Value];
    }

    [GeneratedRegex(@"^certificate (?<number>.+) of (?<on>\d{4}-\d{2}-\d{2}), (?<was>was )?due (?<due>\d{4}-\d{2}-\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Certificate();
}
