using ColdChain.Protocol.Alerts;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Edge.LocalAlarms;

/// <summary>
/// The cab alarm as one unit: the evaluator fed by each sampling round, remote alerts from the <c>alerts</c> topic and the
/// acknowledge button (three threads, one lock), and the buzzer/LED kept in step after each change.
/// </summary>
internal sealed class CabAlarms(AlarmEvaluator evaluator, CabIndicators? indicators, TimeProvider time)
{
    private readonly Lock _gate = new();

    public static TimeSpan ButtonPollInterval { get; } = TimeSpan.FromMilliseconds(20);

    public bool Buzzer
    {
        get
        {
            lock (_gate)
            {
                return evaluator.Buzzer;
            }
        }
    }

    public IReadOnlyList<GatewayEvent> OnSample(IReadOnlyList<Reading> readings) => Locked(() => evaluator.Evaluate(readings, time.GetUtcNow()));

    public IReadOnlyList<GatewayEvent> OnButton() => Locked(() => evaluator.Acknowledge(time.GetUtcNow()));

    public void OnAlert(CabAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        Locked(() =>
        {
            if (alert.Action == CabAlertAction.Raise)
            {
                evaluator.Raise(alert.AlertId, alert.Message ?? alert.AlertId);
            }
            else
            {
                evaluator.Clear(alert.AlertId);
            }

            return [];
        });
    }

    public void Apply(IEnumerable<AlarmRule> rules) => Locked(() =>
    {
        evaluator.Apply(rules);
        return [];
    });

    /// <summary>Polls the acknowledge button until cancelled; each press goes to <paramref name="report"/>.</summary>
    public async Task WatchButtonAsync(Action<GatewayEvent> report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (indicators is null)
        {
            return;
        }

        try
        {
            while (true)
            {
                if (indicators.PollPressed())
                {
                    foreach (var e in OnButton())
                    {
                        report(e);
                    }
                }

                await Task.Delay(ButtonPollInterval, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private IReadOnlyList<GatewayEvent> Locked(Func<IReadOnlyList<GatewayEvent>> action)
    {
        lock (_gate)
        {
            var events = action();
            indicators?.Show(evaluator.Buzzer, evaluator.Led);
            return events;
        }
    }
}
