using ColdChain.Protocol.Topics;

namespace ColdChain.Protocol.Tests;

public sealed class TopicTests
{
    [TestCase(TopicKind.Telemetry, "coldchain/v1/site-1/gw-1/telemetry")]
    [TestCase(TopicKind.Events, "coldchain/v1/site-1/gw-1/events")]
    [TestCase(TopicKind.Status, "coldchain/v1/site-1/gw-1/status")]
    [TestCase(TopicKind.Config, "coldchain/v1/site-1/gw-1/config")]
    [TestCase(TopicKind.Alerts, "coldchain/v1/site-1/gw-1/alerts")]
    public void A_built_topic_follows_the_design_and_parses_back_to_its_parts(TopicKind kind, string expected)
    {
        var topic = ColdChainTopics.Build("site-1", "gw-1", kind);

        Assert.That(topic, Is.EqualTo(expected));
        Assert.That(ColdChainTopics.Parse(topic), Is.EqualTo(new TopicAddress("site-1", "gw-1", kind)));
    }

    [Test]
    public void The_per_kind_helpers_build_the_same_topics_as_Build()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ColdChainTopics.Telemetry("s", "g"), Is.EqualTo(ColdChainTopics.Build("s", "g", TopicKind.Telemetry)));
            Assert.That(ColdChainTopics.Events("s", "g"), Is.EqualTo(ColdChainTopics.Build("s", "g", TopicKind.Events)));
            Assert.That(ColdChainTopics.Status("s", "g"), Is.EqualTo(ColdChainTopics.Build("s", "g", TopicKind.Status)));
            Assert.That(ColdChainTopics.Config("s", "g"), Is.EqualTo(ColdChainTopics.Build("s", "g", TopicKind.Config)));
            Assert.That(ColdChainTopics.Alerts("s", "g"), Is.EqualTo(ColdChainTopics.Build("s", "g", TopicKind.Alerts)));
        });
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("coldchain/v1")]
    [TestCase("coldchain/v1/")]
    [TestCase("coldchain/v1/site-1/gw-1")]
    [TestCase("coldchain/v1/site-1/gw-1/")]
    [TestCase("coldchain/v1/site-1/gw-1/telemetry/")]
    [TestCase("coldchain/v1/site-1/gw-1/telemetry/extra")]
    [TestCase("coldchain/v1/site-1/gw-1/a/telemetry")]
    [TestCase("coldchain/v1//gw-1/telemetry")]
    [TestCase("coldchain/v1/site-1//telemetry")]
    [TestCase("coldchain/v1/+/gw-1/telemetry")]
    [TestCase("coldchain/v1/site-1/+/telemetry")]
    [TestCase("coldchain/v1/+/+/telemetry")]
    [TestCase("coldchain/v1/site-1/gw-1/+")]
    [TestCase("coldchain/v1/site-1/#")]
    [TestCase("coldchain/v1/#")]
    [TestCase("$share/ingest/coldchain/v1/+/+/telemetry")]
    [TestCase("/coldchain/v1/site-1/gw-1/telemetry")]
    [TestCase("coldchain/v2/site-1/gw-1/telemetry")]
    [TestCase("ColdChain/v1/site-1/gw-1/telemetry")]
    [TestCase("coldchain/v1/site-1/gw-1/Telemetry")]
    [TestCase("coldchain/v1/site-1/gw-1/readings")]
    [TestCase("coldchain/v1/site 1/gw-1/telemetry")]
    [TestCase("coldchain/v1/site-1/gw-ü/telemetry")]
    [TestCase("coldchain/v1/site-1/gw-1/telemetry\0")]
    public void A_topic_that_is_not_exactly_root_site_gateway_kind_is_refused(string? topic)
    {
        Assert.That(ColdChainTopics.TryParse(topic, out var address), Is.False);
        Assert.That(address, Is.Null);
    }

    [Test]
    public void Parse_refuses_a_bad_topic_with_a_BadTopic_ProtocolException()
    {
        var e = Assert.Throws<ProtocolException>(() => ColdChainTopics.Parse("coldchain/v1/+/gw-1/telemetry"));

        Assert.That(e!.Kind, Is.EqualTo(ProtocolErrorKind.BadTopic));
        Assert.That(e.Message, Does.Contain("coldchain/v1/+/gw-1/telemetry"));
    }

    [Test]
    public void A_topic_level_longer_than_64_characters_is_refused()
    {
        var longest = new string('a', 64);

        Assert.That(ColdChainTopics.TryParse($"coldchain/v1/{longest}/gw/status", out _), Is.True);
        Assert.That(ColdChainTopics.TryParse($"coldchain/v1/{longest}a/gw/status", out _), Is.False);
        Assert.That(ColdChainTopics.TryParse($"coldchain/v1/site/{longest}a/status", out _), Is.False);
    }

    [TestCase("+", "gw-1")]
    [TestCase("#", "gw-1")]
    [TestCase("site/1", "gw-1")]
    [TestCase("", "gw-1")]
    [TestCase("site-1", "+")]
    [TestCase("site-1", "gw 1")]
    [TestCase("site-1", "")]
    public void Building_a_topic_from_a_wildcard_separator_or_empty_id_throws_ArgumentException(string site, string gateway)
    {
        Assert.That(() => ColdChainTopics.Build(site, gateway, TopicKind.Telemetry), Throws.ArgumentException);
    }

    [Test]
    public void Ingest_subscribes_through_the_shared_subscription_filters_of_the_design()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ColdChainTopics.Shared(ColdChainTopics.IngestShareGroup, TopicKind.Telemetry), Is.EqualTo("$share/ingest/coldchain/v1/+/+/telemetry"));
            Assert.That(ColdChainTopics.Shared(ColdChainTopics.IngestShareGroup, TopicKind.Events), Is.EqualTo("$share/ingest/coldchain/v1/+/+/events"));
            Assert.That(ColdChainTopics.Shared(ColdChainTopics.IngestShareGroup, TopicKind.Status), Is.EqualTo("$share/ingest/coldchain/v1/+/+/status"));
        });
    }

    [Test]
    public void The_plain_filter_for_embedded_mode_matches_every_site_and_gateway()
    {
        Assert.That(ColdChainTopics.AllOf(TopicKind.Telemetry), Is.EqualTo("coldchain/v1/+/+/telemetry"));
        Assert.That(ColdChainTopics.AllOf(TopicKind.Status), Is.EqualTo("coldchain/v1/+/+/status"));
    }

    [TestCase("ingest/x")]
    [TestCase("+")]
    [TestCase("")]
    public void A_share_group_that_would_break_the_filter_is_refused(string group)
    {
        Assert.That(() => ColdChainTopics.Shared(group, TopicKind.Telemetry), Throws.ArgumentException);
    }

    [Test]
    public void The_ingest_probe_matches_no_gateway_filter_and_is_no_gateway_topic()
    {
        var filters = new[] { TopicKind.Telemetry, TopicKind.Events, TopicKind.Status, TopicKind.Config, TopicKind.Alerts }.Select(ColdChainTopics.AllOf);

        Assert.Multiple(() =>
        {
            Assert.That(filters.Where(f => MQTTnet.MqttTopicFilterComparer.Compare(ColdChainTopics.IngestProbe, f) == MQTTnet.MqttTopicFilterCompareResult.IsMatch), Is.Empty);
            Assert.That(ColdChainTopics.TryParse(ColdChainTopics.IngestProbe, out _), Is.False);
            Assert.That(ColdChainTopics.SharedIngestProbe("ingest"), Is.EqualTo("$share/ingest/coldchain/v1/ingest/probe"));
        });
    }
}
