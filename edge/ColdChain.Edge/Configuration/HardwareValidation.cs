using ColdChain.Protocol;

namespace ColdChain.Edge.Configuration;

/// <summary>The checks on assets, sensors, GSP, power and alarms that a JSON Schema cannot express (references, uniqueness, cross-field rules).</summary>
internal static class HardwareValidation
{
    public static IEnumerable<string> Problems(GatewayOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var assets = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < o.Assets.Count; i++)
        {
            var a = o.Assets[i];
            if (Identifiers.Problem(a.Id) is { } id)
            {
                yield return $"Gateway:Assets:{i}:Id {id}";
            }
            else if (!assets.Add(a.Id!))
            {
                yield return $"Gateway:Assets:{i}:Id '{a.Id}' appears twice";
            }

            if (a.MinCelsius > a.MaxCelsius)
            {
                yield return $"Gateway:Assets:{i}: MinCelsius {a.MinCelsius} is above MaxCelsius {a.MaxCelsius}";
            }

            if (a.AlarmDelay < TimeSpan.Zero || a.RecordInterval <= TimeSpan.Zero)
            {
                yield return $"Gateway:Assets:{i}: AlarmDelay must not be negative and RecordInterval must be positive";
            }
        }

        var sensorIds = new HashSet<string>(StringComparer.Ordinal);
        var pins = new HashSet<int>();
        for (var i = 0; i < o.Sensors.Count; i++)
        {
            var s = o.Sensors[i];
            var at = $"Gateway:Sensors:{i}";
            if (Identifiers.Problem(s.Id) is { } id)
            {
                yield return $"{at}:Id {id}";
            }
            else if (!sensorIds.Add(s.Id!))
            {
                yield return $"{at}:Id '{s.Id}' appears twice";
            }

            if (s.Asset is null || !assets.Contains(s.Asset))
            {
                yield return $"{at}:Asset '{s.Asset}' is not one of Gateway:Assets";
            }

            switch (s.Kind)
            {
                case SensorKind.Ds18b20 when s.Rom is null || !s.Rom.StartsWith("28-", StringComparison.Ordinal):
                    yield return $"{at}:Rom must be a DS18B20 1-Wire id, 28-xxxxxxxxxxxx (see /sys/bus/w1/devices)";
                    break;
                case SensorKind.Sht3x or SensorKind.Sht4x:
                    if (s.Address is { } address && address is not (0x44 or 0x45))
                    {
                        yield return $"{at}:Address {address} is not 0x44 (68) or 0x45 (69)";
                    }

                    if (Identifiers.Problem(s.EffectiveHumidityId) is { } humidity)
                    {
                        yield return $"{at}:HumidityId {humidity}";
                    }
                    else if (!sensorIds.Add(s.EffectiveHumidityId))
                    {
                        yield return $"{at}:HumidityId '{s.EffectiveHumidityId}' appears twice";
                    }

                    break;
                case SensorKind.DoorContact when s.Pin is null:
                    yield return $"{at}:Pin (BCM GPIO number) is required for a door contact";
                    break;
                case SensorKind.DoorContact when !pins.Add(s.Pin!.Value):
                    yield return $"{at}:Pin {s.Pin} is used twice";
                    break;
                default:
                    if (!Enum.IsDefined(s.Kind))
                    {
                        yield return $"{at}:Kind must be Ds18b20, Sht3x, Sht4x or DoorContact";
                    }

                    break;
            }

            if (s.SampleInterval is { } sample && (sample < TimeSpan.FromSeconds(1) || sample > TimeSpan.FromHours(1)))
            {
                yield return $"{at}:SampleInterval {sample} must be between 00:00:01 and 01:00:00";
            }
            else if (o.Gsp.Enabled && (s.SampleInterval ?? o.SampleInterval) > TimeSpan.FromMinutes(1))
            {
                yield return $"{at}:SampleInterval {s.SampleInterval ?? o.SampleInterval} is longer than the 1 minute GSP allows for refreshing a measuring point (Gateway:Gsp:Enabled)";
            }

            if (s.RecordInterval <= TimeSpan.Zero)
            {
                yield return $"{at}:RecordInterval must be positive";
            }

            foreach (var (name, calibration) in new[] { ("Calibration", s.Calibration), ("HumidityCalibration", s.HumidityCalibration) })
            {
                if (calibration?.ToCalibration().Problem() is { } problem)
                {
                    yield return $"{at}:{name} {problem}";
                }
            }
        }

        foreach (var (name, pin) in new[] { ("Power:SensePin", o.Power.SensePin), ("Alarms:BuzzerPin", o.Alarms.BuzzerPin), ("Alarms:LedPin", o.Alarms.LedPin), ("Alarms:AcknowledgePin", o.Alarms.AcknowledgePin) })
        {
            if (pin is { } p && !pins.Add(p))
            {
                yield return $"Gateway:{name} {p} is used twice";
            }
        }

        if (o.Gsp.Enabled && o.SampleInterval > TimeSpan.FromMinutes(1))
        {
            yield return $"Gateway:SampleInterval {o.SampleInterval} is longer than the 1 minute GSP allows for refreshing a measuring point (Gateway:Gsp:Enabled)";
        }

        if (o.Gsp.OutOfRangeRecordInterval <= TimeSpan.Zero || (o.Gsp.Enabled && o.Gsp.OutOfRangeRecordInterval > TimeSpan.FromMinutes(2)))
        {
            yield return $"Gateway:Gsp:OutOfRangeRecordInterval {o.Gsp.OutOfRangeRecordInterval} must be positive, and at most 00:02:00 under GSP";
        }

        if (o.Version is < 0)
        {
            yield return "Gateway:Version must not be negative";
        }
    }
}
