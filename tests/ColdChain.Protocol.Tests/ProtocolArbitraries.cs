using System.Text;
using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Status;
using ColdChain.Protocol.Telemetry;
using FsCheck;
using FsCheck.Fluent;

namespace ColdChain.Protocol.Tests;

/// <summary>A valid site/gateway/asset/sensor id.</summary>
public sealed record Identifier(string Value)
{
    public override string ToString() => Value;
}

/// <summary>A message that keeps the contract: the validator (at <see cref="Samples.Now"/>) and the schema both accept it.</summary>
public sealed record ValidTelemetry(TelemetryBatch Batch);

public sealed record ValidEvents(EventBatch Batch);

public sealed record ValidStatus(GatewayStatus Status);

/// <summary>A message that may or may not keep the contract (bad ids, units, values), with times inside the accepted window.</summary>
public sealed record MixedTelemetry(TelemetryBatch Batch);

public sealed record MixedEvents(EventBatch Batch);

public sealed record MixedStatus(GatewayStatus Status);

/// <summary>Text built from JSON tokens and the contract's own names: mostly invalid, often deep into the decoder.</summary>
public sealed record JsonSoup(string Text);

/// <summary>A valid payload with a few bytes overwritten, inserted or removed.</summary>
public sealed record MutatedPayload(byte[] Bytes)
{
    public override string ToString() => Encoding.UTF8.GetString(Bytes);
}

/// <summary>FsCheck generators for the wire messages. Timestamps are UTC at millisecond precision, as the wire carries them.</summary>
public static class ProtocolArbitraries
{
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.";

    private static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] TextFragments =
    [
        "a", "Z", "0", " ", "door", "\"", "\\", "/", "\n", "\r", "\t", "\0", "\u001f", "\u007f", "°C", "é", "中", "✓", "😀",
        "\u2028", "<", ">", "&", "'", "+", "#", "{", "}",
    ];

    // No id with a trailing "\n": JSON Schema patterns are ECMA-262, where '$' is the end of the text, but JsonSchema.Net
    // runs them on .NET's Regex, where '$' also matches before a final newline; only the test's schema engine would differ.
    private static readonly string[] BadIds = ["", " ", "a b", "+", "#", "a/b", "ü", new string('x', 65), "gw\nx"];

    public static Gen<string> IdGen { get; } =
        Gen.OneOf(Gen.Choose(1, 10), Gen.Choose(1, 10), Gen.Choose(1, 64))
            .SelectMany(n => Gen.ArrayOf(Gen.Elements(IdAlphabet.ToCharArray()), n))
            .Select(chars => new string(chars));

    public static Gen<string> MaybeBadIdGen { get; } =
        Gen.OneOf(IdGen, IdGen, IdGen, IdGen, IdGen, IdGen, Gen.Elements(BadIds));

    /// <summary>A UTC instant between 2000 and 2100 with millisecond precision.</summary>
    public static Gen<DateTimeOffset> TimeGen { get; } =
        Gen.Zip(Gen.Choose(0, 36_500), Gen.Choose(0, 86_399_999), (day, ms) => Epoch.AddDays(day).AddMilliseconds(ms));

    /// <summary>A UTC instant inside the validator's window around <see cref="Samples.Now"/>.</summary>
    public static Gen<DateTimeOffset> RecentTimeGen { get; } =
        Gen.Choose(-29 * 24 * 3600, 4 * 60).SelectMany(s => Gen.Choose(0, 999).Select(ms => Samples.Now.AddSeconds(s).AddMilliseconds(-ms)));

    public static Gen<long> LongGen { get; } =
        Gen.OneOf(
            Gen.Choose(0, 1_000_000).Select(i => (long)i),
            Gen.Zip(Gen.Choose(int.MinValue, int.MaxValue), Gen.Choose(int.MinValue, int.MaxValue), (hi, lo) => ((long)hi << 32) | (uint)lo),
            Gen.Elements(0L, 1L, -1L, long.MaxValue, long.MinValue));

    public static Gen<long> SeqGen { get; } = LongGen.Select(l => l == long.MinValue ? 0 : Math.Abs(l));

    /// <summary>Any finite double: everyday values, raw bit patterns (subnormals, huge exponents) and edge cases.</summary>
    public static Gen<double> FiniteDoubleGen { get; } =
        Gen.OneOf(
            Gen.Choose(-9_000, 15_000).Select(i => i / 100d),
            Gen.Zip(Gen.Choose(int.MinValue, int.MaxValue), Gen.Choose(int.MinValue, int.MaxValue), (hi, lo) => BitConverter.Int64BitsToDouble(((long)hi << 32) | (uint)lo))
                .Where(double.IsFinite),
            Gen.Elements(0d, -0d, 1d, -1d, double.MaxValue, double.MinValue, double.Epsilon, 1e-300, 0.1, 1d / 3));

    public static Gen<string> TextGen { get; } =
        Gen.Choose(0, 12).SelectMany(n => Gen.ArrayOf(Gen.Elements(TextFragments), n)).Select(string.Concat);

    public static Gen<T> EnumGen<T>()
        where T : struct, Enum => Gen.Elements(Enum.GetValues<T>());

    public static Gen<T?> NullableGen<T>(Gen<T> gen)
        where T : struct => Gen.OneOf(Gen.Constant<T?>(null), gen.Select(v => (T?)v));

    public static Gen<string?> OrNullGen(Gen<string> gen) => Gen.OneOf(Gen.Constant<string?>(null), gen.Select(s => (string?)s));

    public static Gen<Reading> ReadingGen { get; } =
        from sensor in IdGen
        from asset in IdGen
        from time in TimeGen
        from quantity in EnumGen<Quantity>()
        from unit in Gen.OneOf(Gen.Constant(quantity.CanonicalUnit()), TextGen)
        from value in NullableGen(FiniteDoubleGen)
        from status in EnumGen<ReadingStatus>()
        select new Reading { Sensor = sensor, Asset = asset, Time = time, Quantity = quantity, Unit = unit, Value = value, Status = status };

    public static Gen<TelemetryBatch> TelemetryGen { get; } =
        from site in IdGen
        from gateway in IdGen
        from seq in SeqGen
        from sentAt in TimeGen
        from n in Gen.Choose(0, 20)
        from readings in Gen.ArrayOf(ReadingGen, n)
        select new TelemetryBatch { Site = site, Gateway = gateway, Seq = seq, SentAt = sentAt, Readings = readings };

    public static Gen<GatewayEvent> EventGen { get; } =
        from type in EnumGen<GatewayEventType>()
        from time in TimeGen
        from sensor in OrNullGen(IdGen)
        from asset in OrNullGen(IdGen)
        from detail in OrNullGen(TextGen)
        select new GatewayEvent { Type = type, Time = time, Sensor = sensor, Asset = asset, Detail = detail };

    public static Gen<EventBatch> EventsGen { get; } =
        from site in IdGen
        from gateway in IdGen
        from seq in SeqGen
        from n in Gen.Choose(0, 20)
        from events in Gen.ArrayOf(EventGen, n)
        select new EventBatch { Site = site, Gateway = gateway, Seq = seq, Events = events };

    public static Gen<GatewayHealth> HealthGen { get; } =
        from version in TextGen
        from uptime in LongGen
        from outbox in LongGen
        from oldest in NullableGen(FiniteDoubleGen)
        from synced in Gen.Elements(true, false)
        from config in NullableGen(LongGen)
        from cpu in NullableGen(FiniteDoubleGen)
        from disk in NullableGen(LongGen)
        from signal in Gen.OneOf(
            Gen.Constant<GatewaySignal?>(null),
            from link in Gen.Elements(GatewaySignal.Wifi, GatewaySignal.Cellular)
            from dbm in NullableGen(Gen.Choose(-150, 0).Select(i => (double)i))
            from quality in NullableGen(Gen.Choose(0, 100).Select(i => (double)i))
            select (GatewaySignal?)new GatewaySignal { Link = link, Dbm = dbm, QualityPercent = quality })
        select new GatewayHealth
        {
            Version = version,
            UptimeSeconds = uptime,
            OutboxDepth = outbox,
            OldestUnsentSeconds = oldest,
            ClockSynced = synced,
            ConfigVersion = config,
            CpuTemperatureCelsius = cpu,
            DiskFreeBytes = disk,
            Signal = signal,
        };

    public static Gen<GatewayStatus> StatusGen { get; } =
        from site in IdGen
        from gateway in IdGen
        from state in EnumGen<GatewayState>()
        from time in TimeGen
        from health in Gen.OneOf(Gen.Constant<GatewayHealth?>(null), HealthGen.Select(h => (GatewayHealth?)h))
        select new GatewayStatus { Site = site, Gateway = gateway, State = state, Time = time, Health = health };

    /// <summary>A reading value that is plausible for its quantity, or (when <paramref name="mayBreak"/>) perhaps not.</summary>
    private static Gen<double?> ContractValueGen(Quantity quantity, ReadingStatus status, bool mayBreak)
    {
        var plausible = quantity switch
        {
            Quantity.Temperature => Gen.Choose(-9_000, 15_000).Select(i => (double?)(i / 100d)),
            Quantity.Humidity => Gen.Choose(0, 10_000).Select(i => (double?)(i / 100d)),
            _ => Gen.Elements<double?>(0d, 1d),
        };
        var valid = status == ReadingStatus.SensorFault ? Gen.OneOf(plausible, Gen.Constant<double?>(null)) : plausible;
        if (!mayBreak)
        {
            return valid;
        }

        var broken = quantity switch
        {
            Quantity.Temperature => Gen.Elements<double?>(null, -90.01, 150.01, -273.15, 1e6),
            Quantity.Humidity => Gen.Elements<double?>(null, -0.01, 100.01, 250),
            _ => Gen.Elements<double?>(null, 0.5, 2, -1, 1e-9),
        };
        return Gen.OneOf(valid, valid, valid, broken);
    }

    private static Gen<Reading> ContractReadingGen(bool mayBreak) =>
        from sensor in mayBreak ? MaybeBadIdGen : IdGen
        from asset in mayBreak ? MaybeBadIdGen : IdGen
        from time in RecentTimeGen
        from quantity in EnumGen<Quantity>()
        from status in EnumGen<ReadingStatus>()
        from value in ContractValueGen(quantity, status, mayBreak)
        from unit in mayBreak
            ? Gen.OneOf(Gen.Constant(quantity.CanonicalUnit()), Gen.Constant(quantity.CanonicalUnit()), Gen.Elements("°C", "%RH", "open", "C", "°F", ""))
            : Gen.Constant(quantity.CanonicalUnit())
        select new Reading { Sensor = sensor, Asset = asset, Time = time, Quantity = quantity, Unit = unit, Value = value, Status = status };

    private static Gen<TelemetryBatch> ContractTelemetryGen(bool mayBreak) =>
        from site in mayBreak ? MaybeBadIdGen : IdGen
        from gateway in mayBreak ? MaybeBadIdGen : IdGen
        from seq in SeqGen
        from sentAt in RecentTimeGen
        from n in Gen.Choose(1, 8)
        from readings in Gen.ArrayOf(ContractReadingGen(mayBreak), n)
        select new TelemetryBatch { Site = site, Gateway = gateway, Seq = seq, SentAt = sentAt, Readings = readings };

    private static Gen<EventBatch> ContractEventsGen(bool mayBreak)
    {
        // BMP text only: the validator counts UTF-16 units, JSON Schema counts code points.
        var detail = Gen.OneOf(
            Gen.Constant<string?>(null),
            TextGen.Select(t => (string?)t.Replace("😀", "☺", StringComparison.Ordinal)),
            Gen.Elements<string?>(new string('d', 1024)),
            mayBreak ? Gen.Elements<string?>(new string('d', 1025)) : Gen.Constant<string?>(null));
        var optionalId = OrNullGen(mayBreak ? MaybeBadIdGen : IdGen);
        var eventGen =
            from type in EnumGen<GatewayEventType>()
            from time in RecentTimeGen
            from sensor in optionalId
            from asset in optionalId
            from d in detail
            select new GatewayEvent { Type = type, Time = time, Sensor = sensor, Asset = asset, Detail = d };
        return
            from site in mayBreak ? MaybeBadIdGen : IdGen
            from gateway in mayBreak ? MaybeBadIdGen : IdGen
            from seq in SeqGen
            from n in Gen.Choose(1, 6)
            from events in Gen.ArrayOf(eventGen, n)
            select new EventBatch { Site = site, Gateway = gateway, Seq = seq, Events = events };
    }

    private static Gen<GatewayStatus> ContractStatusGen(bool mayBreak) =>
        from site in mayBreak ? MaybeBadIdGen : IdGen
        from gateway in mayBreak ? MaybeBadIdGen : IdGen
        from state in EnumGen<GatewayState>()
        from time in RecentTimeGen
        from health in Gen.OneOf(Gen.Constant<GatewayHealth?>(null), HealthGen.Select(h => (GatewayHealth?)h))
        select new GatewayStatus { Site = site, Gateway = gateway, State = state, Time = time, Health = health };

    private static readonly string[] SoupTokens =
    [
        "{", "}", "[", "]", ":", ",", "\"", "\"schema\"", "\"coldchain.telemetry.v1\"", "\"coldchain.events.v1\"", "\"coldchain.status.v1\"",
        "\"site\"", "\"gateway\"", "\"seq\"", "\"sent_at\"", "\"readings\"", "\"events\"", "\"sensor\"", "\"asset\"", "\"ts\"",
        "\"quantity\"", "\"temperature\"", "\"door\"", "\"unit\"", "\"°C\"", "\"value\"", "\"status\"", "\"ok\"", "\"sensor_fault\"",
        "\"state\"", "\"online\"", "\"health\"", "\"version\"", "\"uptime_s\"", "\"type\"", "\"door_opened\"", "\"detail\"",
        "\"2026-11-25T12:00:00.000Z\"", "\"2026-11-25T12:00:00\"", "\"2026-13-45T99:99:99Z\"", "\"gw-1\"", "\"\"",
        "0", "-1", "1.5", "1e999", "-1e999", "9223372036854775808", "NaN", "Infinity", "-Infinity", "true", "false", "null",
        "\"\\u0000\"", "\"\\ud800\"", "\"\\", " ", "\n", "\uFEFF", "/*", "*/", "\u00ff",
    ];

    public static Gen<string> JsonSoupGen { get; } =
        Gen.Choose(0, 60).SelectMany(n => Gen.ArrayOf(Gen.Elements(SoupTokens), n)).Select(string.Concat);

    private static readonly byte[][] ValidPayloads =
    [
        ProtocolCodec.Encode(Samples.Telemetry()),
        ProtocolCodec.Encode(Samples.Events()),
        ProtocolCodec.Encode(Samples.Online()),
        ProtocolCodec.Encode(Samples.Offline()),
    ];

    public static Gen<byte[]> MutatedPayloadGen { get; } =
        from source in Gen.Elements(ValidPayloads)
        from edits in Gen.Choose(1, 4)
        from positions in Gen.ArrayOf(Gen.Choose(0, source.Length - 1), edits)
        from bytes in Gen.ArrayOf(Gen.Choose(0, 255), edits)
        from ops in Gen.ArrayOf(Gen.Choose(0, 2), edits)
        select Mutate(source, positions, bytes, ops);

    private static byte[] Mutate(byte[] source, int[] positions, int[] bytes, int[] ops)
    {
        var result = new List<byte>(source);
        for (var i = 0; i < positions.Length; i++)
        {
            var at = Math.Min(positions[i], result.Count - 1);
            switch (ops[i])
            {
                case 0:
                    result[at] = (byte)bytes[i];
                    break;
                case 1:
                    result.Insert(at, (byte)bytes[i]);
                    break;
                default:
                    result.RemoveAt(at);
                    break;
            }
        }

        return [.. result];
    }

    public static Arbitrary<Identifier> Identifiers() => IdGen.Select(s => new Identifier(s)).ToArbitrary();

    public static Arbitrary<TelemetryBatch> TelemetryBatches() => TelemetryGen.ToArbitrary();

    public static Arbitrary<EventBatch> EventBatches() => EventsGen.ToArbitrary();

    public static Arbitrary<GatewayStatus> Statuses() => StatusGen.ToArbitrary();

    public static Arbitrary<ValidTelemetry> ValidTelemetries() => ContractTelemetryGen(mayBreak: false).Select(b => new ValidTelemetry(b)).ToArbitrary();

    public static Arbitrary<ValidEvents> ValidEventBatches() => ContractEventsGen(mayBreak: false).Select(b => new ValidEvents(b)).ToArbitrary();

    public static Arbitrary<ValidStatus> ValidStatuses() => ContractStatusGen(mayBreak: false).Select(s => new ValidStatus(s)).ToArbitrary();

    public static Arbitrary<MixedTelemetry> MixedTelemetries() => ContractTelemetryGen(mayBreak: true).Select(b => new MixedTelemetry(b)).ToArbitrary();

    public static Arbitrary<MixedEvents> MixedEventBatches() => ContractEventsGen(mayBreak: true).Select(b => new MixedEvents(b)).ToArbitrary();

    public static Arbitrary<MixedStatus> MixedStatuses() => ContractStatusGen(mayBreak: true).Select(s => new MixedStatus(s)).ToArbitrary();

    public static Arbitrary<JsonSoup> JsonSoups() => JsonSoupGen.Select(s => new JsonSoup(s)).ToArbitrary();

    public static Arbitrary<MutatedPayload> MutatedPayloads() => MutatedPayloadGen.Select(b => new MutatedPayload(b)).ToArbitrary();
}
