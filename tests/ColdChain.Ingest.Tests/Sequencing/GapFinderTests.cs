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

    [Test]
    public void A_seq_restart_starts_a_new_run_instead_of_a_gap_or_repeats()
    {
        var restart = T0.AddHours(1);
        BatchReceipt[] receipts = [Receipt("gw", 8), Receipt("gw", 9), new("site", "gw", 1, restart, restart.AddSeconds(50)), new("site", "gw", 2, restart.AddMinutes(1), restart.AddMinutes(1).AddSeconds(50))];

        Assert.That(GapFinder.Find(receipts), Is.Empty);
    }

    [Test]
    public void A_late_batch_of_the_old_run_arriving_after_the_restart_fills_its_own_gap()
    {
        var restart = T0.AddHours(1);
        BatchReceipt[] receipts = [new("site", "gw", 1, restart, restart.AddSeconds(50)), Receipt("gw", 8), Receipt("gw", 10), Receipt("gw", 9)];

        Assert.That(GapFinder.Find(receipts), Is.Empty);
    }

    [Test]
    public void A_redelivered_batch_seen_again_by_an_instance_is_a_repeat_and_a_restarted_seq_is_not()
    {
        var recent = new RecentSequences();
        var first = Receipt("gw", 1);

        Assert.That(recent.SeenBefore(first), Is.False);
        Assert.That(recent.SeenBefore(first), Is.True);
        Assert.That(recent.SeenBefore(first with { FirstReading = T0.AddHours(2), LastReading = T0.AddHours(2).AddSeconds(50) }), Is.False);
    }

    private static BatchReceipt Receipt(string gateway, long seq) =>
        new("site", gateway, seq, T0.AddMinutes(seq), T0.AddMinutes(seq).AddSeconds(50));
}
