using System.Text.Json.Nodes;
using ColdChain.Platform.Reports;
using ColdChain.Platform.Reports.Epcis;

namespace ColdChain.Platform.Tests.Reports;

/// <summary>EPCIS documents checked against GS1's published schema; the validator is shown to refuse broken ones.</summary>
public sealed class ReportEpcisTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 24, 16, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_shipment_with_two_legs_and_a_handover_validates_against_the_GS1_schema()
    {
        Assert.That(EpcisSchema.Problems(ReportEpcis.Build(Shipment())), Is.Null);
    }

    [Test]
    public void Each_leg_is_an_observation_excursions_are_alarm_conditions_faults_error_conditions_and_handovers_ship_and_receive()
    {
        var events = ReportEpcis.Build(Shipment())["epcisBody"]!["eventList"]!.AsArray();

        var observations = events.Where(e => e!["bizStep"]!.GetValue<string>() == "sensor_reporting").ToList();
        var reports = observations.SelectMany(o => o!["sensorElementList"]!.AsArray()).Select(e => e!["sensorReport"]![0]!).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(observations, Has.Count.EqualTo(2), "one per custody leg");
            Assert.That(reports.Count(r => r["exception"]?.GetValue<string>() == "ALARM_CONDITION"), Is.EqualTo(1));
            Assert.That(reports.Count(r => r["exception"]?.GetValue<string>() == "ERROR_CONDITION"), Is.EqualTo(1));
            Assert.That(events.Select(e => e!["bizStep"]!.GetValue<string>()), Does.Contain("shipping").And.Contain("receiving"));
            Assert.That(events.Select(e => e!["eventTimeZoneOffset"]!.GetValue<string>()), Is.All.EqualTo("+08:00"));
        });
    }

    [Test]
    public void The_validator_accepts_GS1s_example_and_refuses_broken_documents()
    {
        var example = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reports", "epcis-example-shipment.jsonld")))!.AsObject();
        var zulu = example.DeepClone().AsObject();
        zulu["epcisBody"]!["eventList"]![0]!["eventTimeZoneOffset"] = "Z";
        var noAction = example.DeepClone().AsObject();
        noAction["epcisBody"]!["eventList"]![0]!.AsObject().Remove("action");
        var localTime = example.DeepClone().AsObject();
        localTime["creationDate"] = "2024-03-01T17:00:00";
        var ours = ReportEpcis.Build(Shipment());
        ours["epcisBody"]!["eventList"]![0]!["type"] = "TemperatureEvent";

        Assert.Multiple(() =>
        {
            Assert.That(EpcisSchema.Problems(example), Is.Null, "GS1's example is valid");
            Assert.That(EpcisSchema.Problems(zulu), Is.Not.Null, "eventTimeZoneOffset is +hh:mm, never Z");
            Assert.That(EpcisSchema.Problems(noAction), Is.Not.Null, "an ObjectEvent needs its action");
            Assert.That(EpcisSchema.Problems(localTime), Is.Not.Null, "a date-time needs its offset");
            Assert.That(EpcisSchema.Problems(ours), Is.Not.Null, "an unknown event type");
        });
    }

    /// <summary>A shipment as the shipments feature will hand it over: two custody legs and the handover between them.</summary>
    internal static ComplianceReport Shipment()
    {
        var handoverAt = From.AddHours(6);
        var scope = new ReportScope(ReportScopeKind.Shipment, "SO-1001", "Order SO-1001", "dc-north",
            [new CustodySegment("truck-7", From, handoverAt), new CustodySegment("cold-room-1", handoverAt, From.AddHours(12))])
        {
            Handovers = [new ReportHandover(handoverAt, "Carrier Ltd", "North DC", "accepted", [new ReportSignature("Zhang San", handoverAt, "handed over"), new ReportSignature("Li Wei", handoverAt, "received")])],
        };
        SensorStatistics Stats(long faults) => new(360, faults, 1.2, 6.4, 3.1, 3.4, TimeSpan.FromMinutes(20), TimeSpan.FromHours(6), 100, TimeSpan.FromMinutes(1));
        return new ComplianceReport
        {
            Scope = scope,
            SiteName = "North DC",
            TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"),
            Profile = new ReportProfile("chilled-0-4", "Chilled 0–4 °C", 0, 4, 0.5),
            Issue = new ReportIssue("7K3MQ-9XDA2", From.AddHours(13), "qa@dc-north", "en"),
            Assets =
            [
                new AssetSection("truck-7", "Truck 7", From, handoverAt, [new SensorSection("t7-t1", Stats(2), [], [], null, true)], [], [],
                    [new ReportExcursion("t7-t1", From.AddHours(2), From.AddHours(2).AddMinutes(20), 6.4, null)], []),
                new AssetSection("cold-room-1", "Cold room 1", handoverAt, From.AddHours(12), [new SensorSection("cr1-t1", Stats(0), [], [], null, true)], [], [], [], []),
            ],
        };
    }
}
