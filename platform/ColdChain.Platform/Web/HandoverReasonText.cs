using System.Globalization;
using System.Text.RegularExpressions;
using ColdChain.Platform.Shipments.Handovers;
using Microsoft.Extensions.Localization;

namespace ColdChain.Platform.Web;

/// <summary>
/// A handover reason in the reader's language. The signed document keeps each reason's English text exactly as it was
/// signed; a page renders the reason from its code and the values its evidence path points at in the same document
/// (legs numbered from 1 as the page shows them, instants in the leg's time zone). A code this page does not know, or a
/// path that finds nothing, shows the signed text.
/// </summary>
public static partial class HandoverReasonText
{
    public static string Of(HandoverDocument document, HandoverReason reason, IStringLocalizer text, Func<string, string> zoneOfAsset)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentNullException.ThrowIfNull(zoneOfAsset);
        var path = EvidencePath().Match(reason.Evidence);
        var leg = path.Success ? document.Legs.FirstOrDefault(l => l.Index == int.Parse(path.Groups["leg"].Value, CultureInfo.InvariantCulture)) : null;
        var sensor = leg?.Sensors.FirstOrDefault(s => s.Sensor == path.Groups["sensor"].Value);
        var item = path.Groups["item"].Success ? int.Parse(path.Groups["item"].Value, CultureInfo.InvariantCulture) : -1;
        var profile = document.Profile;
        var product = document.ProductCheck;
        string? rendered = (reason.Code, leg, sensor, product) switch
        {
            ("no_sensor", { } l, _, _) => text["Leg {0} ({1}) has no sensor.", l.Index + 1, l.Asset],
            ("backlog_pending", { } l, _, _) => text["{0}'s gateway is offline with readings not yet delivered.", l.Asset],
            ("excursion_too_long", _, { } s, _) when item >= 0 && item < s.Excursions.Count => text[
                "{0} was out of {1}…{2} °C for {3} (peak {4} °C); at most {5} is allowed.",
                s.Sensor, Limit(profile.Min, "−∞"), Limit(profile.Max, "∞"), Format.Duration(s.Excursions[item].Duration, text),
                Number(s.Excursions[item].Peak, "0.0#"), Format.Duration(profile.LongestExcursionAllowed, text)],
            ("gap_could_hide_a_breach", { } l, { } s, _) when item >= 0 && item < s.Gaps.Count => text[
                "{0} recorded nothing for {1} from {2}: longer than the {3} excursion allowed.",
                s.Sensor, Format.Duration(s.Gaps[item].Duration, text), Format.InZone(s.Gaps[item].Start, zoneOfAsset(l.Asset)),
                Format.Duration(profile.LongestExcursionAllowed, text)],
            ("coverage_below_threshold", { } l, { } s, _) => text[
                "{0} covered {1} % of leg {2}; at least {3} % is needed.", s.Sensor, Number(s.CoveragePercent, "0.0"), l.Index + 1, Number(profile.MinimumCoveragePercent, "0.#")],
            ("sensor_fault", { } l, { } s, _) => text["{0} reported {1} faults in leg {2}.", s.Sensor, s.Faults, l.Index + 1],
            ("calibration_overdue", _, { } s, _) => text["{0}'s calibration is overdue ({1}).", s.Sensor, CalibrationText.Of(s.Calibration, text)],
            ("cumulative_budget_exceeded", _, _, _) => BudgetExceeded(document, text),
            ("product_outside_acceptance", _, _, { } p) => text[
                "Product probe {0} read {1} °C; acceptance is {2}…{3} °C.", p.Probe.ProbeId, Number(p.Probe.Value, "0.0#"),
                Limit(profile.AcceptMin ?? profile.Min, "−∞"), Limit(profile.AcceptMax ?? profile.Max, "∞")],
            ("product_differs_from_compartment", _, _, { CompartmentAtProbe: { } compartment } p) => text[
                "Product {0} °C against compartment {1} °C differs by more than {2} °C.", Number(p.Probe.Value, "0.0#"), Number(compartment, "0.0#"), Limit(profile.MaxProductChange, "∞")],
            ("no_compartment_reading_at_probe", _, _, _) => text[
                "No compartment reading within {0} of the probe reading.", Format.Duration(2 * (profile.RecordingInterval > TimeSpan.Zero ? profile.RecordingInterval : TimeSpan.FromMinutes(5)), text)],
            _ => null,
        };
        return rendered ?? reason.Text;
    }

    private static string? BudgetExceeded(HandoverDocument document, IStringLocalizer text)
    {
        var allowed = document.Profile.CumulativeExcursionAllowed;
        var crossed = document.Legs.FirstOrDefault(l => l.CumulativeSinceOrigin > allowed);
        return crossed is null ? null : text[
            "{0} out of range since the origin, over {1} legs; the budget of {2} was used up in leg {3}.",
            Format.Duration(document.CumulativeExcursionSinceOrigin, text), document.Legs.Count(l => l.CumulativeExcursion > TimeSpan.Zero),
            Format.Duration(allowed, text), crossed.Index + 1].Value;
    }

    private static string Limit(double? value, string none) => value is { } v ? Number(v, "0.#") : none;

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.CurrentCulture);

    [GeneratedRegex(@"^legs\[(?<leg>\d+)\](?:\.sensors\[(?<sensor>[^\]]+)\])?(?:\.(?:excursions|gaps)\[(?<item>\d+)\])?", RegexOptions.CultureInvariant)]
    private static partial Regex EvidencePath();
}
