namespace ColdChain.Ingest.LoadTest.Load;

/// <summary>How the fleet sends: so many gateways, so many readings per message.</summary>
public sealed record LoadShape(string Name, int Gateways, int ReadingsPerMessage)
{
    /// <summary>(a) big batches from few gateways.</summary>
    public static LoadShape FewLargeBatches { get; } = new("a: 50 gateways x 100 readings/message", 50, 100);

    /// <summary>(b) small batches from many gateways: the per-message cost dominates.</summary>
    public static LoadShape ManySmallBatches { get; } = new("b: 500 gateways x 10 readings/message", 500, 10);
}
