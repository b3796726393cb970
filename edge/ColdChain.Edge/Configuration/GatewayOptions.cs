using System.ComponentModel.DataAnnotations;
using ColdChain.Edge.Outbox;
using ColdChain.Edge.Simulation;
using ColdChain.Protocol;

namespace ColdChain.Edge.Configuration;

/// <summary>The <c>Gateway</c> section (see <c>gateway.example.json</c>). Checked when the host starts, so a bad file fails at once.</summary>
internal sealed class GatewayOptions : IValidatableObject
{
    public const string SectionName = "Gateway";

    public string? Site { get; set; }

    public string? GatewayId { get; set; }

    public BrokerOptions Broker { get; set; } = new();

    /// <summary>Where the durable outbox and its sequence numbers live (e.g. <c>/var/lib/coldchain</c>); unset: memory only.</summary>
    public string? DataDirectory { get; set; }

    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>Gateway:Outbox</c>: the durable outbox's quota and what happens when it is full.</summary>
    public OutboxOptions Outbox { get; set; } = new();

    public SimulationOptions Simulation { get; set; } = new();

    /// <summary>The config's version, reported in the status (<c>config_version</c>); a remote config must raise it.</summary>
    public long? Version { get; set; }

    public List<AssetOptions> Assets { get; set; } = [];

    public List<SensorOptions> Sensors { get; set; } = [];

    public GspOptions Gsp { get; set; } = new();

    public PowerOptions Power { get; set; } = new();

    public AlarmOptions Alarms { get; set; } = new();

    /// <summary>Where the kernel lists 1-Wire devices.</summary>
    public string OneWireDevices { get; set; } = Sampling.Ds18b20.Ds18b20Thermometer.DefaultDevicesFolder;

    /// <summary>
    /// <c>--simulate</c> should run with no configuration at all, so it fills what is missing. A real gateway gets no
    /// default site or id: two gateways with the same id would push each other off the broker.
    /// </summary>
    public void ApplySimulationDefaults()
    {
        Site ??= "sim";
        GatewayId ??= "gw-sim-1";
        if (Simulation.Assets.Count == 0)
        {
            Simulation.Assets =
            [
                new() { AssetId = "cold-room-1", Name = "Cold room 1 (chilled 0–4 °C)", Kind = SimulatedAssetKind.ColdRoom },
                new() { AssetId = "freezer-1", Name = "Freezer 1 (≤ −18 °C)", Kind = SimulatedAssetKind.Freezer },
                new() { AssetId = "truck-1", Name = "Truck 1 (reefer, chilled)", Kind = SimulatedAssetKind.Truck },
            ];
        }
    }

    public SimulatedFleet ToSimulatedFleet()
    {
        var assets = Simulation.Assets
            .Select(a => new SimulatedAsset(a.AssetId!, a.Name ?? a.AssetId!, a.Kind, a.FailingCompressor))
            .ToArray();
        var gateway = new SimulatedGateway(Site!, GatewayId!, assets, Simulation.NetworkLossAfter, Simulation.NetworkLossDuration);
        return new SimulatedFleet(Broker.Host, Broker.Port, [gateway])
        {
            SampleInterval = SampleInterval,
            PublishInterval = PublishInterval,
            StatusInterval = StatusInterval,
            Seed = Simulation.Seed,
            DataDirectory = DataDirectory,
            BrokerUsername = Broker.Username,
            BrokerPassword = Broker.Password,
            OutboxCapacity = Outbox.MaxBatches,
            OutboxMaxBytes = Outbox.MaxBytes,
            OutboxFullPolicy = Outbox.FullPolicy,
        };
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Identifiers.Problem(Site) is { } site)
        {
            yield return new($"Gateway:Site {site}", [nameof(Site)]);
        }

        if (Identifiers.Problem(GatewayId) is { } gateway)
        {
            yield return new($"Gateway:GatewayId {gateway}", [nameof(GatewayId)]);
        }

        if (string.IsNullOrWhiteSpace(Broker.Host))
        {
            yield return new("Gateway:Broker:Host is missing", [nameof(Broker)]);
        }

        if (Broker.Port is < 1 or > 65535)
        {
            yield return new($"Gateway:Broker:Port {Broker.Port} is not a TCP port (1–65535)", [nameof(Broker)]);
        }

        foreach (var (name, value, longest) in new[]
        {
            (nameof(SampleInterval), SampleInterval, TimeSpan.FromHours(1)),
            (nameof(PublishInterval), PublishInterval, TimeSpan.FromHours(1)),
            (nameof(StatusInterval), StatusInterval, TimeSpan.FromDays(1)),
        })
        {
            if (value < TimeSpan.FromSeconds(1) || value > longest)
            {
                yield return new($"Gateway:{name} {value} must be between 00:00:01 and {longest}", [name]);
            }
        }

        for (var i = 0; i < Simulation.Assets.Count; i++)
        {
            // The door sensor id ("{asset}-door") is the longest id derived from the asset id; it must be valid too.
            var asset = Simulation.Assets[i];
            if (Identifiers.Problem(asset.AssetId) is { } problem)
            {
                yield return new($"Gateway:Simulation:Assets:{i}:AssetId {problem}", [nameof(Simulation)]);
            }
            else if (Identifiers.Problem(asset.AssetId + "-door") is { } derived)
            {
                yield return new($"Gateway:Simulation:Assets:{i}:AssetId is too long for its sensor ids: '{asset.AssetId}-door' {derived}", [nameof(Simulation)]);
            }

            if (!Enum.IsDefined(asset.Kind))
            {
                yield return new($"Gateway:Simulation:Assets:{i}:Kind must be ColdRoom, Freezer or Truck", [nameof(Simulation)]);
            }
        }

        foreach (var problem in Outbox.Problems())
        {
            yield return new($"Gateway:Outbox:{problem}", [nameof(Outbox)]);
        }

        foreach (var problem in HardwareValidation.Problems(this))
        {
            yield return new(problem, [nameof(Sensors)]);
        }

        if (Simulation.NetworkLossDuration is { } loss && loss <= TimeSpan.Zero)
        {
            yield return new("Gateway:Simulation:NetworkLossDuration must be positive", [nameof(Simulation)]);
        }
    }
}
