using ColdChain.Ingest.Sequencing;

namespace ColdChain.Ingest.Tests.Sequencing;

public sealed class GapFinderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void Consecutive_seqs_leave_no_gap()
    {
        Assert.That(GapFinder.Find([Receipt("gw", 1), Receipt("gw", 2), Receipt("gw", 3)]), Is.Empty);
    }

    [Test]
    public void Missing_seqs_become_one_gap_spanning_from_the_last_reading_before_to_the_first_after()
    {
        var gaps = GapFinder.Find([Receipt("gw", 7), Receipt("gw", 3), Receipt("gw", 4)]);

        Assert.That(gaps, Is.EqualTo(new[] { new CoverageGap("site", "gw", 5, 6, Receipt("gw", 4).LastReading, Receipt("gw", 7).FirstReading) }));
        Assert.That(gaps[0].MissingBatches, Is.EqualTo(2));
    }

    [Test]
    public void A_duplicate_seq_is_not_a_gap_and_gateways_are_kept_apart()
    {
        var gaps = GapFinder.Find([Receipt("a", 1), Receipt("a", 1), Receipt("b", 2), Receipt("a", 2), Receipt("b", 4)]);

        Assert.That(gaps.Select(g => (g.Gateway, g.FirstMissingSeq, g.LastMissingSeq)), Is.EqualTo(new[] { ("b", 3L, 3L) }));
    }

    private static BatchReceipt Receipt(string gateway, long seq) =>
        new("site", gateway, seq, T0.AddMinutes(seq), T0.AddMinutes(seq).AddSeconds(50));
}
