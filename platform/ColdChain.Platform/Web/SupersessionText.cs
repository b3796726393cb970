using System.Globalization;
using System.Text.RegularExpressions;
using ColdChain.Platform.Shipments.Handovers;
using Microsoft.Extensions.Localization;

namespace ColdChain.Platform.Web;

/// <summary>
/// One line of what a superseding check changed, as the signed document records it (English, ISO instants), in the
/// reader's language with instants in the handover's time zone and reasons worded as on the page. A line of another
/// shape shows as recorded.
/// </summary>
public static partial class SupersessionText
{
    public static string Of(string change, HandoverDocument current, HandoverDocument? previous, string zone, Func<string, string> zoneOfAsset, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(text);
        if (change == "no change in the evidence")
        {
            return text[change];
        }

        if (Verdict().Match(change) is { Success: true } verdict)
        {
            return text["verdict {0} → {1}", text[verdict.Groups["from"].Value], text[verdict.Groups["to"].Value]];
        }

        if (HandoverTime().Match(change) is { Success: true } time
            && DateTimeOffset.TryParse(time.Groups["from"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var from)
            && DateTimeOffset.TryParse(time.Groups["to"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var to))
        {
            return text["handover time {0} → {1}", Format.InZone(from, zone), Format.InZone(to, zone)];
        }

        if (Reason().Match(change) is { Success: true } reason)
        {
            var resolved = reason.Groups["kind"].Value == "resolved";
            var document = resolved ? previous : current;
            var found = document?.Reasons.FirstOrDefault(r => r.Code == reason.Groups["code"].Value && r.Evidence == reason.Groups["evidence"].Value);
            var wording = found is null ? reason.Groups["text"].Value : HandoverReasonText.Of(document!, found, text, zoneOfAsset);
            return resolved ? text["resolved: {0}", wording] : text["new: {0}", wording];
        }

        if (Coverage().Match(change) is { Success: true } coverage)
        {
            return text["leg {0}, {1}: coverage {2} % → {3} %",
                int.Parse(coverage.Groups["leg"].Value, CultureInfo.InvariantCulture) + 1, coverage.Groups["sensor"].Value, coverage.Groups["from"].Value, coverage.Groups["to"].Value];
        }

        return change;
    }

    [GeneratedRegex(@"^verdict (?<from>\w+) → (?<to>\w+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Verdict();

    [GeneratedRegex(@"^handover time (?<from>\S+) → (?<to>\S+)$", RegexOptions.CultureInvariant)]
    private static partial Regex HandoverTime();

    [GeneratedRegex(@"^(?<kind>resolved|new): (?<code>\S+) at (?<evidence>.+?) \((?<text>.*)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex Reason();

    [GeneratedRegex(@"^legs\[(?<leg>\d+)\]\.sensors\[(?<sensor>.+)\] coverage (?<from>[\d.]+) % → (?<to>[\d.]+) %$", RegexOptions.CultureInvariant)]
    private static partial Regex Coverage();
}
