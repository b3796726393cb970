namespace ColdChain.Platform.Reports;

/// <summary>
/// What a report covers: custody segments (an asset from one instant to another) plus the handovers between them.
/// An asset's log is one segment; a site's log is one segment per asset of the site; a shipment's log is its custody
/// legs (asset, from, to) and its signed handovers, so the shipments feature builds a scope and every renderer works.
/// </summary>
public sealed record ReportScope(ReportScopeKind Kind, string Id, string Title, string Site, IReadOnlyList<CustodySegment> Segments)
{
    public IReadOnlyList<ReportHandover> Handovers { get; init; } = [];

    /// <summary>The shipment's SSCC (18 digits), when it has one: EPCIS names the goods by it.</summary>
    public string? Sscc { get; init; }

    public DateTimeOffset From => Segments.Min(s => s.From);

    public DateTimeOffset To => Segments.Max(s => s.To);
}

public enum ReportScopeKind
{
    Asset,
    Site,
    Shipment,
}

/// <summary>The asset that held the goods in [From, To).</summary>
public sealed record CustodySegment(string Asset, DateTimeOffset From, DateTimeOffset To);

/// <summary>A custody transfer with the check's verdict and the signatures (Part 11 §11.50: printed name, time, meaning).</summary>
public sealed record ReportHandover(DateTimeOffset At, string FromParty, string ToParty, string Verdict, IReadOnlyList<ReportSignature> Signatures);

public sealed record ReportSignature(string PrintedName, DateTimeOffset At, string Meaning);
