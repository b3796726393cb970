namespace ColdChain.Edge.Simulation;

/// <summary>
/// One simulated asset. Its sensors are <c>{AssetId}-t1</c> (temperature), <c>{AssetId}-h1</c> (humidity, cold rooms only)
/// and <c>{AssetId}-door</c> (door contact).
/// </summary>
/// <param name="FailingCompressor">The cooling capacity fades over hours until the temperature leaves the profile's range.</param>
public sealed record SimulatedAsset(string AssetId, string Name, SimulatedAssetKind Kind, bool FailingCompressor = false)
{
    public string TemperatureSensorId => $"{AssetId}-t1";

    public string HumiditySensorId => $"{AssetId}-h1";

    public string DoorSensorId => $"{AssetId}-door";

    public bool HasHumiditySensor => Kind == SimulatedAssetKind.ColdRoom;
}
