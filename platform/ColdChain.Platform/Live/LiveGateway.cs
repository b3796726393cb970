namespace ColdChain.Platform.Live;

/// <summary>The hub's <c>gateway</c> message: a gateway came online or went offline, to the groups of its assets.</summary>
public sealed record LiveGateway(string Gateway, string Site, bool Online, DateTimeOffset Time);
