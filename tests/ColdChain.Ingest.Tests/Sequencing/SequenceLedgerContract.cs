using ColdChain.Ingest.Sequencing;

namespace ColdChain.Ingest.Tests.Sequencing;

/// <summary>What every sequence ledger does, run against SQLite and a real influxd.</summary>
public abstract class SequenceLedgerContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    protected abstract Task<ISequenceLedger> CreateLedgerAsync();

    /// <summary>A new ledger instance on the store the last <see cref="CreateLedgerAsync"/> made: an ingest restart.</summary>
    protected abstract ISequenceLedger ReopenLedger();

    [Test]
    public async Task Receipts_with_missing_seqs_give_the_gap_and_a_repeated_receipt_changes_nothing()
    {
        var ledger = await CreateLedgerAsync();
        await ledger.RecordAsync([Receipt("gw-1", 1), Receipt("gw-1", 2), Receipt("gw-1", 6)], CancellationToken.None);
        await ledger.RecordAsync([Receipt("gw-1", 2), Receipt("gw-2", 1), Receipt("gw-2", 2)], CancellationToken.None);

        var gaps = await ledger.GapsAsync(new GapQuery(T0, T0.AddHours(1)), CancellationToken.None);

        Assert.That(gaps, Is.EqualTo(new[] { new CoverageGap("site-1", "gw-1", 3, 5, Receipt("gw-1", 2).LastReading, Receipt("gw-1", 6).FirstReading) }));
    }

    [Test]
    public async Task Gaps_are_filtered_by_gateway_and_window()
    {
        var ledger = await CreateLedgerAsync();
        await ledger.RecordAsync([Receipt("gw-1", 1), Receipt("gw-1", 3), Receipt("gw-2", 1), Receipt("gw-2", 4), Receipt("gw-1", 40), Receipt("gw-1", 50)], CancellationToken.None);

        var gw2 = await ledger.GapsAsync(new GapQuery(T0, T0.AddHours(1), "gw-2"), CancellationToken.None);
        var early = await ledger.GapsAsync(new GapQuery(T0, T0.AddMinutes(10), "gw-1"), CancellationToken.None);
        var late = await ledger.GapsAsync(new GapQuery(T0.AddMinutes(45), T0.AddHours(1), "gw-1"), CancellationToken.None);

        Assert.That(gw2.Select(g => (g.FirstMissingSeq, g.LastMissingSeq)), Is.EqualTo(new[] { (2L, 3L) }));

        // Batches 4…39 were missing from 12:03:30 on, 41…49 from 12:40:30 to 12:50: each window gets what reaches into it.
        Assert.That(early.Select(g => (g.FirstMissingSeq, g.LastMissingSeq)), Is.EqualTo(new[] { (2L, 2L), (4L, 39L) }));
        Assert.That(late.Select(g => (g.FirstMissingSeq, g.LastMissingSeq)), Is.EqualTo(new[] { (41L, 49L) }));
    }

    [Test]
    public async Task A_gap_straddling_the_window_start_is_found_though_the_batch_before_it_lies_outside()
    {
        var ledger = await CreateLedgerAsync();
        await ledger.RecordAsync([Receipt("gw-1", 1), Receipt("gw-1", 2), Receipt("gw-1", 6), Receipt("gw-1", 7)], CancellationToken.None);

        var gaps = await ledger.GapsAsync(new GapQuery(T0.AddMinutes(4), T0.AddMinutes(10), "gw-1"), CancellationToken.None);

        Assert.That(gaps, Is.EqualTo(new[] { new CoverageGap("site-1", "gw-1", 3, 5, Receipt("gw-1", 2).LastReading, Receipt("gw-1", 6).FirstReading) }));
    }

    [Test]
    public async Task A_window_inside_a_gap_is_one_gap_with_no_batch_of_its_own()
    {
        var ledger = await CreateLedgerAsync();
        await ledger.RecordAsync([Receipt("gw-1", 1), Receipt("gw-1", 30)], CancellationToken.None);

        var gaps = await ledger.GapsAsync(new GapQuery(T0.AddMinutes(10), T0.AddMinutes(20)), CancellationToken.None);

        Assert.That(gaps.Select(g => (g.FirstMissingSeq, g.LastMissingSeq)), Is.EqualTo(new[] { (2L, 29L) }));
    }

    [Test]
    public async Task A_gap_between_two_write_batches_across_an_ingest_restart_is_one_gap()
    {
        var ledger = await CreateLedgerAsync();
        await ledger.RecordAsync([Receipt("gw-1", 1), Receipt("gw-1", 2)], CancellationToken.None);

        var restarted = ReopenLedger();
        await restarted.RecordAsync([Receipt("gw-1", 2), Receipt("gw-1", 5)], CancellationToken.None);
        await restarted.RecordAsync([Receipt("gw-1", 6)], CancellationToken.None);

        var gaps = await restarted.GapsAsync(new GapQuery(T0, T0.AddHours(1)), CancellationToken.None);

        Assert.That(gaps.Select(g => (g.FirstMissingSeq, g.LastMissingSeq, g.From, g.To)),
            Is.EqualTo(new[] { (3L, 4L, Receipt("gw-1", 2).LastReading, Receipt("gw-1", 5).FirstReading) }));
    }

    [Test]
    public async Task A_gateway_whose_seq_restarts_at_1_keeps_both_runs_and_records_no_gap_for_the_restart()
    {
        var ledger = await CreateLedgerAsync();
        await ledger.RecordAsync([Receipt("gw-1", 1), Receipt("gw-1", 2), Receipt("gw-1", 4), Receipt("gw-1", 5)], CancellationToken.None);

        // Re-imaged at 00:20: batches 1, 2, 3 again, later in measurement time; batch 2 redelivered.
        BatchReceipt[] rebooted = [AfterRestart(1), AfterRestart(2), AfterRestart(3), AfterRestart(2)];
        await ledger.RecordAsync(rebooted, CancellationToken.None);

        var gaps = await ledger.GapsAsync(new GapQuery(T0, T0.AddHours(1)), CancellationToken.None);

        // Only the old run's missing batch 3: the new batches 1…3 did not overwrite the old 1…3, nor are they a gap.
        Assert.That(gaps, Is.EqualTo(new[] { new CoverageGap("site-1", "gw-1", 3, 3, Receipt("gw-1", 2).LastReading, Receipt("gw-1", 4).FirstReading) }));
    }

    [Test]
    public async Task Batches_lost_right_after_a_seq_restart_are_a_gap_from_the_old_run_to_the_new()
    {
        var ledger = await CreateLedgerAsync();
        await ledger.RecordAsync([.. Enumerable.Range(1, 8).Select(seq => Receipt("gw-1", seq)), AfterRestart(4), AfterRestart(5)], CancellationToken.None);

        var gaps = await ledger.GapsAsync(new GapQuery(T0, T0.AddHours(1)), CancellationToken.None);

        // A restart is only visible when the seq goes back; one that lands above the old seqs reads as a plain gap.
        Assert.That(gaps, Is.EqualTo(new[] { new CoverageGap("site-1", "gw-1", 1, 3, Receipt("gw-1", 8).LastReading, AfterRestart(4).FirstReading) }));
    }

    [Test]
    public async Task Two_batches_starting_in_the_same_millisecond_are_both_kept()
    {
        var ledger = await CreateLedgerAsync();
        await ledger.RecordAsync([Receipt("gw-1", 1) with { FirstReading = T0 }, Receipt("gw-1", 2) with { FirstReading = T0 }, Receipt("gw-1", 3)], CancellationToken.None);

        Assert.That(await ledger.GapsAsync(new GapQuery(T0, T0.AddHours(1)), CancellationToken.None), Is.Empty);
    }

    private static BatchReceipt AfterRestart(long seq) =>
        new("site-1", "gw-1", seq, T0.AddMinutes(20 + seq), T0.AddMinutes(20 + seq).AddSeconds(30));

    private static BatchReceipt Receipt(string gateway, long seq) =>
        new("site-1", gateway, seq, T0.AddMinutes(seq), T0.AddMinutes(seq).AddSeconds(30));
}
