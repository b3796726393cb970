using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Edge.Simulation;

/// <summary>
/// The simulated air of one asset. The world (doors, defrost, compressor) moves in fixed 10 s steps counted from the
/// start, whatever the sampling cadence, so one seed gives one trajectory; sensor noise is drawn per reading from a
/// separate stream. Time comes only from the caller (who reads the injected TimeProvider).
/// </summary>
internal sealed class ColdSpace
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    private readonly AssetPhysics _physics;
    private readonly Random _world;
    private readonly Random _noise;
    private readonly List<GatewayEvent> _events = [];
    private DateTimeOffset _clock;
    private double _air;
    private double _humidity;
    private bool _compressorOn;
    private DateTimeOffset _nextDoorOpening;
    private DateTimeOffset? _doorClosesAt;

    public ColdSpace(SimulatedAsset asset, AssetPhysics physics, DateTimeOffset start, int seed)
    {
        Asset = asset;
        _physics = physics;
        _world = new Random(StableSeed.Of(seed, asset.AssetId, "world"));
        _noise = new Random(StableSeed.Of(seed, asset.AssetId, "noise"));
        Start = start;
        _clock = start;

        // Rooms of one site must not all defrost together: each gets its own phase and length.
        DefrostOffset = TimeSpan.FromTicks((long)(_world.NextDouble() * physics.DefrostPeriod.Ticks));
        DefrostDuration = physics.DefrostShortest + ((physics.DefrostLongest - physics.DefrostShortest) * _world.NextDouble());
        _air = physics.Setpoint + (((_world.NextDouble() * 2) - 1) * physics.DeadBand);
        _compressorOn = _world.NextDouble() < 0.5;
        _humidity = physics.HumidityBase;
        _nextDoorOpening = NextDoorOpeningAfter(start);
    }

    public SimulatedAsset Asset { get; }

    public DateTimeOffset Start { get; }

    public TimeSpan DefrostOffset { get; }

    public TimeSpan DefrostDuration { get; }

    public bool IsDoorOpen => _doorClosesAt is not null;

    /// <summary>The true air temperature (no sensor noise) at the last step.</summary>
    public double Air => _air;

    public bool IsDefrosting(DateTimeOffset at)
    {
        var sinceFirst = at - (Start + DefrostOffset);
        return sinceFirst >= TimeSpan.Zero && sinceFirst.Ticks % _physics.DefrostPeriod.Ticks < DefrostDuration.Ticks;
    }

    /// <summary>The share of its cooling capacity the compressor still has at <paramref name="at"/>.</summary>
    public double CoolingEfficiency(DateTimeOffset at) =>
        Asset.FailingCompressor ? Math.Exp(-(at - Start) / _physics.CompressorFailureTimeConstant) : 1;

    public ReadingStatus StatusOf(double temperature) =>
        temperature < _physics.RangeMin || temperature > _physics.RangeMax ? ReadingStatus.OutOfRange : ReadingStatus.Ok;

    /// <summary>Measures every sensor of the asset at <paramref name="at"/> (moving the world up to it first).</summary>
    public IEnumerable<Reading> Read(DateTimeOffset at)
    {
        AdvanceTo(at);
        var time = UtcTimestampConverter.ToWirePrecision(at);
        var temperature = Math.Round(_air + (Gaussian() * _physics.TemperatureNoise), 2);
        yield return new Reading
        {
            Sensor = Asset.TemperatureSensorId, Asset = Asset.AssetId, Time = time, Quantity = Quantity.Temperature,
            Unit = Quantity.Temperature.CanonicalUnit(), Value = temperature, Status = StatusOf(temperature),
        };

        if (Asset.HasHumiditySensor)
        {
            var humidity = Math.Round(Math.Clamp(_humidity + (Gaussian() * _physics.HumidityNoise), 0, 100), 1);
            yield return new Reading
            {
                Sensor = Asset.HumiditySensorId, Asset = Asset.AssetId, Time = time, Quantity = Quantity.Humidity,
                Unit = Quantity.Humidity.CanonicalUnit(), Value = humidity, Status = ReadingStatus.Ok,
            };
        }

        yield return new Reading
        {
            Sensor = Asset.DoorSensorId, Asset = Asset.AssetId, Time = time, Quantity = Quantity.Door,
            Unit = Quantity.Door.CanonicalUnit(), Value = IsDoorOpen ? 1 : 0, Status = ReadingStatus.Ok,
        };
    }

    /// <summary>Door events since the last call, oldest first.</summary>
    public IReadOnlyList<GatewayEvent> TakeEvents()
    {
        if (_events.Count == 0)
        {
            return [];
        }

        var taken = _events.ToArray();
        _events.Clear();
        return taken;
    }

    public void AdvanceTo(DateTimeOffset at)
    {
        while (_clock + Step <= at)
        {
            StepTo(_clock + Step);
        }
    }

    private void StepTo(DateTimeOffset end)
    {
        var defrosting = IsDefrosting(_clock);
        Integrate(defrosting);
        _clock = end;
        Thermostat(IsDefrosting(end));
        MoveDoor(end);
    }

    /// <summary>
    /// dT/dt = Σ kᵢ(Xᵢ − T) + H with the conditions held over the step: solved exactly (T relaxes toward the weighted
    /// target), so large steps stay stable.
    /// </summary>
    private void Integrate(bool defrosting)
    {
        var seconds = Step.TotalSeconds;
        var wall = 1 / _physics.WallTimeConstant.TotalSeconds;
        var rate = wall;
        var drive = wall * _physics.Ambient;
        if (IsDoorOpen)
        {
            var door = 1 / _physics.DoorTimeConstant.TotalSeconds;
            rate += door;
            drive += door * _physics.Ambient;
        }

        if (_compressorOn)
        {
            var cooling = CoolingEfficiency(_clock) / _physics.CoolingTimeConstant.TotalSeconds;
            rate += cooling;
            drive += cooling * _physics.EvaporatorTemperature;
        }

        if (defrosting)
        {
            drive += _physics.DefrostHeatPerMinute / 60;
        }

        var target = drive / rate;
        _air = target + ((_air - target) * Math.Exp(-rate * seconds));

        // Warm moist air through the door and melting ice on defrost push the humidity up; it settles back in minutes.
        var humidityTarget = IsDoorOpen || defrosting ? 95 : _physics.HumidityBase;
        _humidity = humidityTarget + ((_humidity - humidityTarget) * Math.Exp(-seconds / TimeSpan.FromMinutes(10).TotalSeconds));
    }

    private void Thermostat(bool defrosting)
    {
        if (defrosting)
        {
            _compressorOn = false;
        }
        else if (_air > _physics.Setpoint + _physics.DeadBand)
        {
            _compressorOn = true;
        }
        else if (_air < _physics.Setpoint - _physics.DeadBand)
        {
            _compressorOn = false;
        }
    }

    private void MoveDoor(DateTimeOffset now)
    {
        if (_doorClosesAt is { } closesAt)
        {
            if (now >= closesAt)
            {
                _doorClosesAt = null;
                _nextDoorOpening = NextDoorOpeningAfter(now);
                _events.Add(DoorEvent(GatewayEventType.DoorClosed, now));
            }

            return;
        }

        if (now >= _nextDoorOpening)
        {
            var open = _physics.DoorOpenShortest + ((_physics.DoorOpenLongest - _physics.DoorOpenShortest) * _world.NextDouble());
            _doorClosesAt = now + open;
            _events.Add(DoorEvent(GatewayEventType.DoorOpened, now));
        }
    }

    /// <summary>Openings are a Poisson process: exponential gaps with the kind's mean rate.</summary>
    private DateTimeOffset NextDoorOpeningAfter(DateTimeOffset now)
    {
        if (_physics.DoorOpeningsPerHour <= 0)
        {
            return DateTimeOffset.MaxValue;
        }

        var hours = -Math.Log(1 - _world.NextDouble()) / _physics.DoorOpeningsPerHour;
        return now + TimeSpan.FromHours(hours);
    }

    private GatewayEvent DoorEvent(GatewayEventType type, DateTimeOffset at) => new()
    {
        Type = type,
        Time = UtcTimestampConverter.ToWirePrecision(at),
        Sensor = Asset.DoorSensorId,
        Asset = Asset.AssetId,
    };

    /// <summary>Box–Muller: one standard normal draw from the noise stream.</summary>
    private double Gaussian()
    {
        var u1 = 1 - _noise.NextDouble();
        var u2 = _noise.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
