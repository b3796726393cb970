using System.Globalization;

namespace ColdChain.Ingest.LoadTest.Scenarios;

/// <summary>The outcome of one proof: passed or not, and the figures that say why.</summary>
public sealed record ProofResult(string Name, bool Passed, string Details)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"[{(Passed ? "PASS" : "FAIL")}] {Name}: {Details}");

    /// <summary>Every gateway's count in the store equals what was published for it.</summary>
    public static (bool Exact, string Summary) Compare(IReadOnlyDictionary<string, long> published, IReadOnlyDictionary<string, long> stored)
    {
        var missing = published.Sum(p => Math.Max(0, p.Value - stored.GetValueOrDefault(p.Key)));
        var extra = stored.Sum(s => Math.Max(0, s.Value - published.GetValueOrDefault(s.Key)));
        var wrong = published.Count(p => stored.GetValueOrDefault(p.Key) != p.Value) + stored.Keys.Count(k => !published.ContainsKey(k));
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"published {published.Values.Sum():N0}, stored {stored.Values.Sum():N0} (missing {missing:N0}, extra {extra:N0}, gateways off {wrong})");
        return (wrong == 0, summary);
    }
}
