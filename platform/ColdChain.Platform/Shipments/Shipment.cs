namespace ColdChain.Platform.Shipments;

/// <summary>
/// A shipment the order platform registered: product, temperature profile, optional GS1 identifiers, and its custody
/// legs. <see cref="RegisteredBody"/> keeps the registration as first sent (canonical JSON) so that a repeated
/// registration is recognised even after custody has moved on.
/// </summary>
public sealed class Shipment
{
    public Guid Id { get; set; }

    public string OrderRef { get; set; } = string.Empty;

    public string Product { get; set; } = string.Empty;

    public string Profile { get; set; } = string.Empty;

    public string? Sscc { get; set; }

    /// <summary>Lot or batch ids, comma-separated.</summary>
    public string? Lots { get; set; }

    public string RegisteredBody { get; set; } = string.Empty;

    public DateTime RegisteredAt { get; set; }

    public string RegisteredBy { get; set; } = string.Empty;

    public List<CustodyLeg> Legs { get; set; } = [];

    /// <summary>
    /// Bumped by every handover check and every completed signature, as a concurrency token: two of them racing on the
    /// same shipment (on any platform instance) cannot both save; the loser retries on what the winner wrote.
    /// </summary>
    public int Version { get; set; }
}

/// <summary>One stretch of custody: the goods sat in <see cref="Asset"/> in the hands of <see cref="Party"/> from <see cref="From"/> to <see cref="To"/> (null while open).</summary>
public sealed class CustodyLeg
{
    public Guid Id { get; set; }

    public Guid ShipmentId { get; set; }

    public int Index { get; set; }

    public string Asset { get; set; } = string.Empty;

    public string Party { get; set; } = string.Empty;

    public DateTime From { get; set; }

    public DateTime? To { get; set; }

    /// <summary>The handover check whose signatures closed this leg, if it was closed by a handover.</summary>
    public Guid? ClosedBy { get; set; }
}
