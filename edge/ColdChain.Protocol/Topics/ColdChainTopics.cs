using System.Diagnostics.CodeAnalysis;

namespace ColdChain.Protocol.Topics;

/// <summary>Builds and parses the MQTT topics of DESIGN.md: <c>coldchain/v1/{site}/{gateway}/{kind}</c>.</summary>
public static class ColdChainTopics
{
    public const string Root = "coldchain/v1";

    /// <summary>The shared-subscription group that ingest instances join.</summary>
    public const string IngestShareGroup = "ingest";

    /// <summary>
    /// Not a gateway topic (four levels, so no <c>+/+/{kind}</c> filter matches it): ingest subscribes to it in the same
    /// SUBSCRIBE packet as its telemetry, events and status filters and acknowledges what arrives unread. A QoS-1
    /// publish here that the broker answers with success therefore means ingest's subscriptions are live; see
    /// <see cref="IngestGate"/>.
    /// </summary>
    public const string IngestProbe = Root + "/ingest/probe";

    public static string Build(string site, string gateway, TopicKind kind)
    {
        Identifiers.EnsureValid(site, nameof(site));
        Identifiers.EnsureValid(gateway, nameof(gateway));
        return $"{Root}/{site}/{gateway}/{Segment(kind)}";
    }

    public static string Telemetry(string site, string gateway) => Build(site, gateway, TopicKind.Telemetry);

    public static string Events(string site, string gateway) => Build(site, gateway, TopicKind.Events);

    public static string Status(string site, string gateway) => Build(site, gateway, TopicKind.Status);

    public static string Config(string site, string gateway) => Build(site, gateway, TopicKind.Config);

    public static string Alerts(string site, string gateway) => Build(site, gateway, TopicKind.Alerts);

    /// <summary>The filter matching <paramref name="kind"/> from every site and gateway.</summary>
    public static string AllOf(TopicKind kind) => $"{Root}/+/+/{Segment(kind)}";

    /// <summary>The MQTT 5 shared-subscription filter, so that N subscribers in <paramref name="group"/> split the load.</summary>
    public static string Shared(string group, TopicKind kind)
    {
        Identifiers.EnsureValid(group, nameof(group));
        return $"$share/{group}/{AllOf(kind)}";
    }

    /// <summary>The shared-subscription filter of the ingest probe, so that the probe reaches the group like telemetry does.</summary>
    public static string SharedIngestProbe(string group)
    {
        Identifiers.EnsureValid(group, nameof(group));
        return $"$share/{group}/{IngestProbe}";
    }

    public static bool TryParse(string? topic, [NotNullWhen(true)] out TopicAddress? address)
    {
        address = null;
        if (string.IsNullOrEmpty(topic) || !topic.StartsWith(Root + "/", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = topic.AsSpan(Root.Length + 1);
        Span<Range> parts = stackalloc Range[4];
        if (rest.Split(parts, '/') != 3)
        {
            return false;
        }

        var site = rest[parts[0]].ToString();
        var gateway = rest[parts[1]].ToString();
        if (!Identifiers.IsValid(site) || !Identifiers.IsValid(gateway) || !TryParseKind(rest[parts[2]], out var kind))
        {
            return false;
        }

        address = new TopicAddress(site, gateway, kind);
        return true;
    }

    public static TopicAddress Parse(string topic) =>
        TryParse(topic, out var address)
            ? address.Value
            : throw new ProtocolException(ProtocolErrorKind.BadTopic, $"'{topic}' is not a coldchain/v1/{{site}}/{{gateway}}/{{kind}} topic");

    private static string Segment(TopicKind kind) => kind switch
    {
        TopicKind.Telemetry => "telemetry",
        TopicKind.Events => "events",
        TopicKind.Status => "status",
        TopicKind.Config => "config",
        TopicKind.Alerts => "alerts",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown topic kind"),
    };

    private static bool TryParseKind(ReadOnlySpan<char> segment, out TopicKind kind)
    {
        foreach (var candidate in Enum.GetValues<TopicKind>())
        {
            if (segment.SequenceEqual(Segment(candidate)))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
