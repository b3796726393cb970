using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Telemetry;
using ColdChain.Protocol.Topics;

namespace ColdChain.Ingest.LoadTest.Load;

/// <summary>
/// Makes realistic telemetry batches for a <see cref="LoadShape"/>: each gateway has one sensor per reading slot, every
/// message is stamped "now" (so latency is measurement → stored), and a gateway's stamps strictly increase, so every
/// reading published is a distinct point and the store's count per gateway must equal what was sent.
/// </summary>
public sealed class Fleet(LoadShape shape, string site, TimeProvider time)
{
    private readonly long[] _seq = new long[shape.Gateways];
    private readonly long[] _lastMs = new long[shape.Gateways];
    private readonly long[] _readings = new long[shape.Gateways];
    private long _next;

    public LoadShape Shape => shape;

    public string Site => site;

    public static string GatewayName(int index) => $"gw{index:0000}";

    /// <summary>Readings made so far per gateway: what the store must hold once ingest has drained.</summary>
    public IReadOnlyDictionary<string, long> ReadingsPerGateway =>
        Enumerable.Range(0, shape.Gateways).ToDictionary(GatewayName, i => Interlocked.Read(ref _readings[i]));

    public long TotalReadings => _readings.Sum();

    /// <summary>The next message, round-robin over the gateways. Thread-safe.</summary>
    public (string Topic, TelemetryBatch Batch) Next()
    {
        var index = (int)(Interlocked.Increment(ref _next) % shape.Gateways);
        lock (_seq.SyncRoot)
        {
            var ms = Math.Max(time.GetUtcNow().ToUnixTimeMilliseconds(), _lastMs[index] + 1);
            _lastMs[index] = ms;
            var seq = ++_seq[index];
            _readings[index] += shape.ReadingsPerMessage;
            var at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            var gateway = GatewayName(index);
            var readings = new Reading[shape.ReadingsPerMessage];
            for (var j = 0; j < readings.Length; j++)
            {
                readings[j] = new Reading
                {
                    Sensor = $"probe-{j:000}",
                    Asset = $"{gateway}-room-{j % 4}",
                    Time = at,
                    Quantity = Quantity.Temperature,
                    Unit = QuantityExtensions.Celsius,
                    Value = 2.5 + ((seq + j) % 40 * 0.05),
                    Status = ReadingStatus.Ok,
                };
            }

            var batch = new TelemetryBatch { Site = site, Gateway = gateway, Seq = seq, SentAt = at, Readings = readings };
            return (ColdChainTopics.Telemetry(site, gateway), batch);
        }
    }

    public static byte[] Encode(TelemetryBatch batch) => ProtocolCodec.Encode(batch);
}
