namespace ColdChain.Edge.Simulation;

/// <summary>
/// The constants of one kind of simulated space. Physics-lite: the air relaxes toward the ambient through the walls
/// (and much faster through an open door) and toward the evaporator while the compressor runs; a thermostat with a
/// dead band switches the compressor, which makes the familiar saw-tooth around the setpoint.
/// Numbers are plausible, not measured: they give door spikes of a few degrees, defrost rises of 3–4 °C and
/// recoveries of 10–20 minutes, which is what real cold-room records look like.
/// </summary>
internal sealed record AssetPhysics
{
    public required double Setpoint { get; init; }

    /// <summary>The thermostat switches at setpoint ± this.</summary>
    public double DeadBand { get; init; } = 0.7;

    /// <summary>The profile's range; readings outside it are <c>out_of_range</c>. Null: no limit on that side.</summary>
    public double? RangeMin { get; init; }

    public double? RangeMax { get; init; }

    public required double Ambient { get; init; }

    public required TimeSpan WallTimeConstant { get; init; }

    public required double EvaporatorTemperature { get; init; }

    public required TimeSpan CoolingTimeConstant { get; init; }

    public TimeSpan DoorTimeConstant { get; init; } = TimeSpan.FromMinutes(8);

    public required double DoorOpeningsPerHour { get; init; }

    public required TimeSpan DoorOpenShortest { get; init; }

    public required TimeSpan DoorOpenLongest { get; init; }

    public TimeSpan DefrostPeriod { get; init; } = TimeSpan.FromHours(6);

    public TimeSpan DefrostShortest { get; init; } = TimeSpan.FromMinutes(20);

    public TimeSpan DefrostLongest { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Heater warming of the air while defrosting, °C per minute, on top of the walls' leak.</summary>
    public double DefrostHeatPerMinute { get; init; } = 0.07;

    /// <summary>A failing compressor keeps e^(−t/τ) of its capacity; with τ = 2.5 h a cold room leaves 0–4 °C after about 6 h.</summary>
    public TimeSpan CompressorFailureTimeConstant { get; init; } = TimeSpan.FromHours(2.5);

    /// <summary>Standard deviation of the sensor's noise, °C (a DS18B20 or SHT4x is quieter than its ±0.5 °C accuracy).</summary>
    public double TemperatureNoise { get; init; } = 0.05;

    public double HumidityBase { get; init; } = 85;

    public double HumidityNoise { get; init; } = 0.8;

    public static AssetPhysics For(SimulatedAssetKind kind) => kind switch
    {
        SimulatedAssetKind.ColdRoom => new()
        {
            Setpoint = 2, RangeMin = 0, RangeMax = 4, Ambient = 18,
            WallTimeConstant = TimeSpan.FromHours(4), EvaporatorTemperature = -6, CoolingTimeConstant = TimeSpan.FromMinutes(20),
            DoorOpeningsPerHour = 3, DoorOpenShortest = TimeSpan.FromSeconds(20), DoorOpenLongest = TimeSpan.FromMinutes(2),
        },
        SimulatedAssetKind.Freezer => new()
        {
            Setpoint = -21, DeadBand = 1, RangeMax = -18, Ambient = 18,
            WallTimeConstant = TimeSpan.FromHours(8), EvaporatorTemperature = -32, CoolingTimeConstant = TimeSpan.FromMinutes(20),
            DoorOpeningsPerHour = 1, DoorOpenShortest = TimeSpan.FromSeconds(15), DoorOpenLongest = TimeSpan.FromSeconds(90),
            DefrostPeriod = TimeSpan.FromHours(8), DefrostLongest = TimeSpan.FromMinutes(25), DefrostHeatPerMinute = 0.05,
        },
        SimulatedAssetKind.Truck => new()
        {
            Setpoint = 2, RangeMin = 0, RangeMax = 4, Ambient = 25,
            WallTimeConstant = TimeSpan.FromHours(2), EvaporatorTemperature = -8, CoolingTimeConstant = TimeSpan.FromMinutes(12),
            DoorOpeningsPerHour = 1, DoorOpenShortest = TimeSpan.FromMinutes(1), DoorOpenLongest = TimeSpan.FromMinutes(4),
            DoorTimeConstant = TimeSpan.FromMinutes(10), DefrostLongest = TimeSpan.FromMinutes(25), DefrostHeatPerMinute = 0.05,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown simulated asset kind"),
    };
}
