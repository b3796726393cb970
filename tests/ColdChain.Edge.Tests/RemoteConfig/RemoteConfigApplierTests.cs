using System.Text;
using System.Text.Json.Nodes;
using ColdChain.Edge.Configuration;
using ColdChain.Edge.LocalAlarms;
using ColdChain.Edge.Outbox;
using ColdChain.Edge.RemoteConfig;
using ColdChain.Edge.Sampling;
using ColdChain.Edge.Tests.Support;
using ColdChain.Edge.Uplink;
using ColdChain.Protocol.Events;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Edge.Tests.RemoteConfig;

public sealed class RemoteConfigApplierTests
{
    private static readonly string Example = Path.Combine(AppContext.BaseDirectory, "firmware-config", "examples", "cold-room.json");
    private readonly List<GatewayEvent> _events = [];
    private FakeTimeProvider _time = null!;
    private TempFolder _data = null!;
    private DurableOutbox _outbox = null!;
    private GatewayOptions _local = null!;
    private SensorSampler _sampler = null!;
    private GatewayStatusReport _status = null!;

    private string Kept => _data.Combine("remote-config.json");

    [SetUp]
    public void Start()
    {
        _time = new FakeTimeProvider(GatewayHarness.Morning);
        _data = new TempFolder("coldchain-remote");
        _outbox = DurableOutbox.Open(null, OutboxLimits.Default, _time, NullLogger.Instance);
        _local = GatewayConfigDocument.Read(File.ReadAllBytes(Example)).Options!;
        _sampler = new SensorSampler([], [], GatewayPlans.Sampling(_local), _time);
        _status = new GatewayStatusReport(new UplinkSettings("dc-north", "gw-dc-north-cr1", "127.0.0.1", 1883), _outbox, _time, clockSynced: true);
        _events.Clear();
    }

    [TearDown]
    public void Stop()
    {
        _outbox.Dispose();
        _data.Dispose();
    }

    [Test]
    public void A_valid_newer_config_is_applied_without_a_restart_reported_in_the_status_and_kept_on_disk()
    {
        var applier = Applier();
        applier.Start();
        var atStart = _events.ToArray();
        var versionAtStart = _status.Online().Health!.ConfigVersion;

        var applied = applier.Apply(Config(2, c => c["Gateway"]!["Assets"]![0]!["MaxCelsius"] = 6));

        Assert.Multiple(() =>
        {
            Assert.That(atStart.Single().Type, Is.EqualTo(GatewayEventType.ConfigApplied));
            Assert.That(atStart.Single().Detail, Does.StartWith("version 1 (local file); calibrations: cold-room-1-t1 offset CAL-2026-0113-07 2026-01-13; cold-room-1-t2 two_point"));
            Assert.That(versionAtStart, Is.EqualTo(1));
            Assert.That(applied, Is.True);
            Assert.That(_sampler.Plan.Assets["cold-room-1"].MaxCelsius, Is.EqualTo(6));
            Assert.That(_status.Online().Health!.ConfigVersion, Is.EqualTo(2));
            Assert.That(_events[^1].Type, Is.EqualTo(GatewayEventType.ConfigApplied));
            Assert.That(_events[^1].Detail, Does.StartWith("version 2; calibrations:"));
            Assert.That(File.Exists(Kept), Is.True);
        });
    }

    [Test]
    public void An_invalid_config_is_rejected_with_its_reasons_and_the_last_good_one_stays()
    {
        var applier = Applier();
        applier.Start();
        applier.Apply(Config(2, c => c["Gateway"]!["Assets"]![0]!["MaxCelsius"] = 6));

        var applied = applier.Apply(Config(3, c => c["Gateway"]!["Assets"]![0]!["MaxCelsius"] = "warm"));

        Assert.Multiple(() =>
        {
            Assert.That(applied, Is.False);
            Assert.That(_events[^1].Type, Is.EqualTo(GatewayEventType.ConfigRejected));
            Assert.That(_events[^1].Detail, Does.Contain("/Gateway/Assets/0/MaxCelsius"));
            Assert.That(_sampler.Plan.Assets["cold-room-1"].MaxCelsius, Is.EqualTo(6), "the last good config keeps running");
            Assert.That(_status.Online().Health!.ConfigVersion, Is.EqualTo(2));
        });
    }

    [TestCase("older", "older than the running version")]
    [TestCase("other gateway", "this gateway is dc-north/gw-dc-north-cr1")]
    [TestCase("rewired", "wiring changes only in the local file")]
    public void A_config_that_is_older_for_another_gateway_or_rewires_the_sensors_is_rejected(string what, string reason)
    {
        var applier = Applier();
        applier.Start();
        applier.Apply(Config(5, _ => { }));

        applier.Apply(what switch
        {
            "older" => Config(4, _ => { }),
            "other gateway" => Config(6, c => c["Gateway"]!["GatewayId"] = "gw-other"),
            _ => Config(6, c => c["Gateway"]!["Sensors"]!.AsArray().RemoveAt(0)),
        });

        Assert.Multiple(() =>
        {
            Assert.That(_events[^1].Type, Is.EqualTo(GatewayEventType.ConfigRejected));
            Assert.That(_events[^1].Detail, Does.Contain(reason));
            Assert.That(applier.RunningVersion, Is.EqualTo(5));
        });
    }

    [Test]
    public void The_calibrations_in_force_are_reported_in_every_status_and_follow_a_remote_config()
    {
        var applier = Applier();
        applier.Start();
        var atStart = _status.Online().Health!.Calibrations!;

        applier.Apply(Config(2, c => c["Gateway"]!["Sensors"]![0]!["Calibration"] = JsonNode.Parse("""{ "Offset": 0.05, "CertificateId": "CAL-2027-0110-01", "CalibratedOn": "2027-01-10" }""")));
        var after = _status.Online().Health!.Calibrations!;

        Assert.Multiple(() =>
        {
            Assert.That(atStart.Select(c => (c.Sensor, c.Method, c.Certificate, c.CalibratedOn)), Is.EqualTo(new[]
            {
                ("cold-room-1-t1", "offset", "CAL-2026-0113-07", new DateOnly(2026, 1, 13)),
                ("cold-room-1-t2", "two_point", "CAL-2026-0113-08", new DateOnly(2026, 1, 13)),
                ("cold-room-1-h1", "offset", "CAL-2026-0113-09", new DateOnly(2026, 1, 13)),
            }));
            Assert.That(after[0].Certificate, Is.EqualTo("CAL-2027-0110-01"));
            Assert.That(_sampler.Plan.Calibrations["cold-room-1-t1"].Offset, Is.EqualTo(0.05));
            Assert.That(ColdChain.Protocol.Codec.ProtocolCodec.Encode(_status.Online()), Is.Not.Empty);
        });
    }

    [Test]
    public void A_remote_config_cannot_change_how_often_a_sensor_is_read()
    {
        var applier = Applier();
        applier.Start();

        applier.Apply(Config(2, c => c["Gateway"]!["Sensors"]![0]!["SampleInterval"] = "00:00:45"));

        Assert.Multiple(() =>
        {
            Assert.That(applier.RunningVersion, Is.EqualTo(2));
            Assert.That(_sampler.Plan.SampleIntervals["cold-room-1-t1"], Is.EqualTo(TimeSpan.FromSeconds(15)), "the local file's interval stays");
            Assert.That(_sampler.Plan.SampleInterval, Is.EqualTo(TimeSpan.FromSeconds(15)), "the tick stays the local one");
        });
    }

    [Test]
    public void The_retained_config_delivered_again_after_a_reconnect_is_not_applied_twice()
    {
        var applier = Applier();
        applier.Start();
        applier.Apply(Config(2, _ => { }));

        Assert.That(applier.Apply(Config(2, _ => { })), Is.False);
        Assert.That(_events.Count(e => e.Type == GatewayEventType.ConfigApplied && e.Detail!.StartsWith("version 2", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public void After_a_restart_the_last_good_remote_config_is_applied_again()
    {
        var first = Applier();
        first.Start();
        first.Apply(Config(2, c => c["Gateway"]!["Assets"]![0]!["MaxCelsius"] = 6));
        _sampler.Apply(GatewayPlans.Sampling(_local));

        var restarted = Applier();
        restarted.Start();

        Assert.Multiple(() =>
        {
            Assert.That(restarted.RunningVersion, Is.EqualTo(2));
            Assert.That(_sampler.Plan.Assets["cold-room-1"].MaxCelsius, Is.EqualTo(6));
        });
    }

    private RemoteConfigApplier Applier() =>
        new(_local, _sampler, new CabAlarms(new AlarmEvaluator(GatewayPlans.Alarms(_local)), null, _time), _status, _events.Add, Kept, _time, NullLogger.Instance);

    private static byte[] Config(long version, Action<JsonNode> change)
    {
        var config = JsonNode.Parse(File.ReadAllText(Example))!;
        config["Gateway"]!["Version"] = version;
        change(config);
        return Encoding.UTF8.GetBytes(config.ToJsonString());
    }
}
