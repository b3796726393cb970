using ColdChain.Protocol.Telemetry;
using ColdChain.Protocol.Codec;

namespace ColdChain.EndToEnd.Tests;

internal static class ReadingComparison
{
    /// <summary>Every reading sent must come back from the API once, with the same value and status; nothing more.</summary>
    public static void AssertSame(IEnumerable<Reading> sent, IEnumerable<ApiReading> served)
    {
        var expected = sent
            .Select(r => $"{r.Sensor} {UtcTimestampConverter.Format(r.Time)} {r.Quantity.WireName()} {r.Value?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {r.Status.WireName()}")
            .Order(StringComparer.Ordinal)
            .ToList();
        var actual = served
            .Select(r => $"{r.Sensor} {UtcTimestampConverter.Format(r.Time)} {r.Quantity} {r.Value?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {r.Status}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.That(actual, Has.Count.EqualTo(expected.Count), "the API serves as many readings as the gateways sent");
        Assert.That(actual, Is.EqualTo(expected), "every reading comes back with its sensor, time, quantity, value and status");
    }
}
