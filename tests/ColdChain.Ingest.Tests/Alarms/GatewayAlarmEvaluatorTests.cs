using ColdChain.Ingest.Alarms;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Ingest.Tests.Alarms;

public sealed class GatewayAlarmEvaluatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan LateAfter = TimeSpan.FromMinutes(5);

    [Test]
    public void A_gateway_back_within_the_grace_period_raises_nothing()
    {
        var clock = new FakeTimeProvider(T0);
        var gateway = new GatewayAlarmEvaluator("gw-1", Grace, LateAfter);

        var transitions = gateway.ObserveStatus(online: false, clock.GetUtcNow()).ToList();
        clock.Advance(TimeSpan.FromMinutes(4));
        transitions.AddRange(gateway.CheckOffline(clock.GetUtcNow()));
        transitions.AddRange(gateway.ObserveStatus(online: true, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromMinutes(10));
        transitions.AddRange(gateway.CheckOffline(clock.GetUtcNow()));

        Assert.That(transitions, Is.Empty);
    }

    [Test]
    public void A_gateway_offline_past_the_grace_period_raises_by_the_clock_and_clears_when_it_is_back()
    {
        var clock = new FakeTimeProvider(T0);
        var gateway = new GatewayAlarmEvaluator("gw-1", Grace, LateAfter);
        gateway.ObserveStatus(online: false, clock.GetUtcNow());

        clock.Advance(Grace);
        var raised = gateway.CheckOffline(clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(1));
        var repeated = gateway.CheckOffline(clock.GetUtcNow());
        var cleared = gateway.ObserveStatus(online: true, clock.GetUtcNow());

        Assert.Multiple(() =>
        {
            Assert.That(raised.Single().Condition, Is.EqualTo(AlarmCondition.GatewayOffline));
            Assert.That(raised.Single().Severity, Is.EqualTo(AlarmSeverity.Critical));
            Assert.That(raised.Single().ConditionSince, Is.EqualTo(T0));
            Assert.That(raised.Single().At, Is.EqualTo(T0 + Grace));
            Assert.That(repeated, Is.Empty, "one open alarm");
            Assert.That(cleared.Single().Kind, Is.EqualTo(AlarmTransitionKind.Cleared));
            Assert.That(gateway.IsOffline, Is.False);
        });
    }

    [Test]
    public void Power_lost_raises_at_once_in_measurement_time_and_power_restored_clears()
    {
        var gateway = new GatewayAlarmEvaluator("gw-1", Grace, LateAfter);

        var lost = gateway.ObservePower(T0, lost: true, T0.AddSeconds(2));
        var duplicate = gateway.ObservePower(T0, lost: true, T0.AddSeconds(3));
        var restored = gateway.ObservePower(T0.AddMinutes(20), lost: false, T0.AddMinutes(20));

        Assert.Multiple(() =>
        {
            Assert.That(lost.Single().Condition, Is.EqualTo(AlarmCondition.PowerLost));
            Assert.That(lost.Single().At, Is.EqualTo(T0));
            Assert.That(lost.Single().Late, Is.False);
            Assert.That(duplicate, Is.Empty);
            Assert.That(restored.Single().Kind, Is.EqualTo(AlarmTransitionKind.Cleared));
        });
    }

    [Test]
    public void A_power_loss_learnt_from_a_backlog_is_marked_late()
    {
        var gateway = new GatewayAlarmEvaluator("gw-1", Grace, LateAfter);

        var lost = gateway.ObservePower(T0, lost: true, T0.AddHours(2));

        Assert.That(lost.Single().Late, Is.True);
    }

    [Test]
    public void An_offline_alarm_taken_up_after_a_restart_clears_on_the_retained_online_status()
    {
        var gateway = new GatewayAlarmEvaluator("gw-1", Grace, LateAfter);
        gateway.Restore(AlarmCondition.GatewayOffline, T0);

        var stillOffline = gateway.CheckOffline(T0.AddHours(1));
        var online = gateway.ObserveStatus(online: true, T0.AddHours(1));

        Assert.Multiple(() =>
        {
            Assert.That(stillOffline, Is.Empty);
            Assert.That(online.Single().Kind, Is.EqualTo(AlarmTransitionKind.Cleared));
        });
    }
}
