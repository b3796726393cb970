using ColdChain.Ingest.Alarms;
using ColdChain.Platform.Alarms.Monitoring;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Status;
using ColdChain.Protocol.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Platform.Tests.Alarms;

public sealed class AlarmEngineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    private static readonly AlarmProfile Chilled = new()
    {
        Low = 0,
        High = 4,
        WarningBand = 0,
        AlarmDelay = TimeSpan.FromMinutes(5),
        Hysteresis = 0.3,
        ExpectedInterval = TimeSpan.FromMinutes(1),
        StaleAfterIntervals = 5,
        PredictionLead = null,
    };

    [Test]
    public void A_backlog_replayed_after_hours_offline_yields_each_alarm_with_its_true_start_and_end_marked_late()
    {
        var clock = new FakeTimeProvider(T0.AddHours(4));
        var engine = NewEngine();
        double[] values = [3, 3, 6, 6, 6, 6, 6, 6, 6, 3, 3, 3, 7, 7, 7, 7, 7, 7, 3];

        var transitions = engine.ObserveTelemetry(Batch(values), clock.GetUtcNow());

        var above = transitions.Where(t => t.Transition.Condition == AlarmCondition.AboveRange).Select(t => t.Transition).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(above.Select(t => (t.Kind, t.ConditionSince, t.At)), Is.EqualTo(new[]
            {
                (AlarmTransitionKind.Raised, T0.AddMinutes(2), T0.AddMinutes(7)),
                (AlarmTransitionKind.Cleared, T0.AddMinutes(2), T0.AddMinutes(9)),
                (AlarmTransitionKind.Raised, T0.AddMinutes(12), T0.AddMinutes(17)),
                (AlarmTransitionKind.Cleared, T0.AddMinutes(12), T0.AddMinutes(18)),
            }));
            Assert.That(above, Has.All.Matches<AlarmTransition>(t => t.Late));
            Assert.That(transitions, Has.All.Matches<SourcedTransition>(t => t.Site == "fleet" && t.Gateway == "gw-7" && t.Asset == "truck-7"));
        });
    }

    [Test]
    public void Silent_sensors_of_an_offline_gateway_raise_one_gateway_alarm_not_one_stale_alarm_each()
    {
        var clock = new FakeTimeProvider(T0);
        var engine = NewEngine();
        engine.ObserveTelemetry(Batch([3], sensors: ["t1", "t2", "t3"]), clock.GetUtcNow());
        engine.ObserveStatus(Status(GatewayState.Offline), clock.GetUtcNow());

        var transitions = new List<SourcedTransition>();
        for (var i = 0; i < 30; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            transitions.AddRange(engine.Tick(clock.GetUtcNow()));
        }

        Assert.That(transitions.Select(t => t.Transition.Condition), Is.EqualTo(new[] { AlarmCondition.GatewayOffline }));
        Assert.That(transitions.Single().Asset, Is.EqualTo("truck-7"), "a gateway alarm belongs to the asset it serves");
    }

    [Test]
    public void A_sensor_that_falls_silent_on_an_online_gateway_raises_stale_data_by_the_clock()
    {
        var clock = new FakeTimeProvider(T0);
        var engine = NewEngine();
        engine.ObserveStatus(Status(GatewayState.Online), clock.GetUtcNow());
        engine.ObserveTelemetry(Batch([3]), clock.GetUtcNow());

        clock.Advance(TimeSpan.FromMinutes(4));
        var early = engine.Tick(clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(1));
        var due = engine.Tick(clock.GetUtcNow());

        Assert.That(early, Is.Empty);
        Assert.That(due.Single().Transition.Condition, Is.EqualTo(AlarmCondition.StaleData));
    }

    [Test]
    public void Door_and_power_events_drive_their_rules()
    {
        var clock = new FakeTimeProvider(T0);
        var engine = NewEngine();
        var events = new EventBatch
        {
            Site = "fleet",
            Gateway = "gw-7",
            Seq = 1,
            Events =
            [
                new GatewayEvent { Type = GatewayEventType.PowerLost, Time = T0 },
                new GatewayEvent { Type = GatewayEventType.DoorOpened, Time = T0, Asset = "truck-7", Sensor = "truck-7-door" },
            ],
        };

        var atOnce = engine.ObserveEvents(events, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(11));
        var later = engine.Tick(clock.GetUtcNow());

        Assert.Multiple(() =>
        {
            Assert.That(atOnce.Single().Transition.Condition, Is.EqualTo(AlarmCondition.PowerLost));
            Assert.That(later.Single().Transition.Condition, Is.EqualTo(AlarmCondition.DoorOpenTooLong));
            Assert.That(later.Single().Source, Is.EqualTo("truck-7-door"));
        });
    }

    [Test]
    public void What_the_store_may_hold_unjudged_starts_per_asset_at_its_least_recent_sensor_and_leaves_out_sensors_never_heard_from()
    {
        var engine = NewEngine();
        engine.ObserveTelemetry(Batch([3, 3, 3], sensors: ["truck-7-t1"]), T0.AddMinutes(3));
        engine.ObserveTelemetry(Batch([3], sensors: ["truck-7-t2"]), T0.AddMinutes(3));
        engine.Restore("site-1", "gw-1", "room-1", "room-1-t1", AlarmCondition.AboveRange, T0, 9);

        var since = engine.LastObservedByAsset();

        Assert.That(since, Is.EqualTo(new Dictionary<string, DateTimeOffset> { ["truck-7"] = T0 }));
    }

    private static AlarmEngine NewEngine() => new(_ => Chilled, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));

    private static GatewayStatus Status(GatewayState state) => new() { Site = "fleet", Gateway = "gw-7", State = state, Time = T0 };

    private static TelemetryBatch Batch(double[] values, string[]? sensors = null) => new()
    {
        Site = "fleet",
        Gateway = "gw-7",
        Seq = 1,
        SentAt = T0,
        Readings =
        [
            .. (sensors ?? ["truck-7-t1"]).SelectMany(sensor => values.Select((v, i) => new Reading
            {
                Sensor = sensor,
                Asset = "truck-7",
                Time = T0.AddMinutes(i),
                Quantity = Quantity.Temperature,
                Unit = QuantityExtensions.Celsius,
                Value = v,
                Status = ReadingStatus.Ok,
            })),
        ],
    };
}
