using System.Globalization;
using ColdChain.Testing;

namespace ColdChain.Ingest.LoadTest.Load;

/// <summary>The configuration one ingest instance gets, as keys (in-process) or as command-line switches (the worker).</summary>
public static class IngestSettings
{
    public static Dictionary<string, string?> For(int brokerPort, Uri influx, string database, string clientId, string shareGroup, bool sharedSubscription = true) => new()
    {
        ["Storage:Kind"] = "Influx",
        ["Storage:Influx:Url"] = influx.ToString(),
        ["Storage:Influx:Database"] = database,
        ["Storage:Influx:Timeout"] = "00:00:10",
        ["Ingest:Broker:Host"] = "127.0.0.1",
        ["Ingest:Broker:Port"] = brokerPort.ToString(CultureInfo.InvariantCulture),
        ["Ingest:ClientId"] = clientId,
        ["Ingest:UseSharedSubscription"] = sharedSubscription ? "true" : "false",
        ["Ingest:ShareGroup"] = shareGroup,
        ["Ingest:ReceiveMaximum"] = "1000",
        ["Ingest:ReconnectDelay"] = "00:00:00.200",
        ["Ingest:MaxReconnectDelay"] = "00:00:02",
        ["Ingest:Writer:MaxHoldDelay"] = "00:00:02",
        ["Ingest:Writer:BreakDuration"] = "00:00:02",
        // The worker's /metrics and health listener, on a free loopback port so instances never collide.
        ["Metrics:Url"] = $"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:ColdChain.Ingest.Consuming.TelemetryConsumer"] = "Information",
        ["Logging:LogLevel:ColdChain.Ingest.Consuming.MessageIngestor"] = "Error",
    };

    public static string CommandLine(IReadOnlyDictionary<string, string?> settings) =>
        string.Join(' ', settings.Select(s => $"--{s.Key}={s.Value}"));
}
