using System.Diagnostics.Metrics;
using ColdChain.Ingest.Sequencing;

namespace ColdChain.Platform.Observability;

/// <summary>
/// Coverage gaps as gauges: batches missing over the last 24 hours (from the batch-receipt ledger, so the figure is
/// the same whichever ingest instance stored which batch) and how many gateways have any. Refreshed every minute in
/// the background; a scrape only reads the last figure.
/// </summary>
internal sealed partial class SequenceGapGauges : BackgroundService
{
    public const string MeterName = "ColdChain.Platform.Sequencing";

    private static readonly TimeSpan Window = TimeSpan.FromHours(24);
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    private readonly ISequenceLedger _ledger;
    private readonly TimeProvider _time;
    private readonly ILogger<SequenceGapGauges> _logger;
    private long _missingBatches;
    private long _gateways;

    public SequenceGapGauges(ISequenceLedger ledger, IMeterFactory meters, TimeProvider time, ILogger<SequenceGapGauges> logger)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _ledger = ledger;
        _time = time;
        _logger = logger;
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("coldchain.sequence.gaps.missing_batches", () => Interlocked.Read(ref _missingBatches), "{batch}", "Telemetry batches missing (sequence gaps) over the last 24 hours, all gateways");
        meter.CreateObservableGauge("coldchain.sequence.gaps.gateways", () => Interlocked.Read(ref _gateways), "{gateway}", "Gateways with at least one sequence gap over the last 24 hours");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        do
        {
            try
            {
                var now = _time.GetUtcNow();
                var gaps = await _ledger.GapsAsync(new GapQuery(now - Window, now), stoppingToken);
                Interlocked.Exchange(ref _missingBatches, gaps.Sum(g => g.MissingBatches));
                Interlocked.Exchange(ref _gateways, gaps.Select(g => (g.Site, g.Gateway)).Distinct().Count());
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The store is down: keep the last figure; the store-health check and ingest's gauges say so.
                LogRefreshFailed(_logger, e);
            }
        }
        while (await _time.NextTickAsync(Every, stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the sequence-gap gauges")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
