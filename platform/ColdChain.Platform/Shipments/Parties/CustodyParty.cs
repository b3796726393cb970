namespace ColdChain.Platform.Shipments.Parties;

/// <summary>
/// An organisation that can hold custody of goods (a warehouse operator, a carrier, a customer). People belong to a
/// party through <see cref="PartyMember"/>: only its members sign for it. Breach notices go to its e-mail addresses.
/// </summary>
public sealed class CustodyParty
{
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary>Who is told of a breach while this party holds or hands over the goods (EU GDP §9.2).</summary>
    public List<string> NotifyEmails { get; set; } = [];
}

/// <summary>A user who may sign handovers for a party. A user may belong to several parties (a 3PL serving two brands).</summary>
public sealed class PartyMember
{
    public string Party { get; set; } = string.Empty;

    public string UserId { get; set; } = string.Empty;
}
