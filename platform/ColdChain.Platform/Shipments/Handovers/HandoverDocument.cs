using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ColdChain.Protocol.Codec;

namespace ColdChain.Platform.Shipments.Handovers;

/// <summary>
/// The handover check as a document: what was handed over, by whom, the verdict and every piece of evidence. Its
/// canonical form is compact JSON with properties in declaration order, UTC timestamps with milliseconds, durations
/// as <c>[d.]hh:mm:ss</c> and numbers in shortest round-trip form: the same check always gives the same bytes, and
/// the SHA-256 of those bytes is what signatures bind to (Part 11 §11.70).
/// </summary>
public sealed record HandoverDocument(
    string Schema,
    Guid Id,
    string OrderRef,
    string Product,
    string? Sscc,
    IReadOnlyList<string> Lots,
    ProfileLimits Profile,
    HandoverFacts Handover,
    DateTimeOffset CheckedAt,
    string CheckedBy,
    string Verdict,
    IReadOnlyList<HandoverReason> Reasons,
    IReadOnlyList<LegAssessment> Legs,
    TimeSpan CumulativeExcursionSinceOrigin,
    TimeSpan BudgetRemaining,
    ProductJudgement? ProductCheck,
    SupersessionNote? Supersedes)
{
    public const string SchemaId = "coldchain.handover-check.v1";

    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        Converters = { new UtcTimestampConverter(), new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.Strict,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToCanonicalJson() => JsonSerializer.Serialize(this, Canonical);

    public static string Sha256(string canonicalJson) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson)));
}

/// <summary>The profile's limits as the check applied them; null where the profile has none (frozen goods have no lower limit).</summary>
public sealed record ProfileLimits(
    string Id,
    string Name,
    double? Min,
    double? Max,
    double? AcceptMin,
    double? AcceptMax,
    TimeSpan LongestExcursionAllowed,
    TimeSpan CumulativeExcursionAllowed,
    TimeSpan RecordingInterval,
    double? MaxProductChange,
    double MinimumCoveragePercent);

public sealed record HandoverFacts(DateTimeOffset At, string Type, string FromParty, string ToParty, int LegIndex, string? NextAsset);

/// <summary>What a new check replaces and what changed since: the verdict, reasons that appeared or went away, coverage.</summary>
public sealed record SupersessionNote(Guid Id, string PreviousVerdict, IReadOnlyList<string> Changes);
