using ColdChain.Protocol.Topics;

namespace ColdChain.Protocol.Tests;

public sealed class TopicProperties
{
    private static readonly TopicKind[] Kinds = Enum.GetValues<TopicKind>();

    [FsCheck.NUnit.Property(Arbitrary = [typeof(ProtocolArbitraries)], MaxTest = 300)]
    public void Any_valid_site_and_gateway_round_trip_through_a_topic(Identifier site, Identifier gateway, int kindIndex)
    {
        var kind = Kinds[Math.Abs(kindIndex % Kinds.Length)];
        var topic = ColdChainTopics.Build(site.Value, gateway.Value, kind);

        Assert.That(ColdChainTopics.TryParse(topic, out var address), Is.True, topic);
        Assert.That(address, Is.EqualTo(new TopicAddress(site.Value, gateway.Value, kind)));
        Assert.That(address!.Value.ToString(), Is.EqualTo(topic));
    }
}
