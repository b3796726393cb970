namespace ColdChain.Protocol.Topics;

/// <summary>A parsed <c>coldchain/v1/{site}/{gateway}/{kind}</c> topic.</summary>
public readonly record struct TopicAddress(string Site, string Gateway, TopicKind Kind)
{
    public override string ToString() => ColdChainTopics.Build(Site, Gateway, Kind);
}
