using ColdChain.Ingest.Sequencing;

namespace ColdChain.Ingest.Tests.Sequencing;

/// <summary>What every sequence ledger does, run against SQLite and a real influxd.</summary>
public abstract class SequenceLedgerContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    protected abstract Task<ISequenceLedger> CreateLedgerAsync();

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

        Assert.That(gw2.Select(g => (g.FirstMissingSeq, g.LastMissingSeq)), Is.EqualTo(new[] { (2L, 3L) }));
        Assert.That(early.Select(g => (g.FirstMissingSeq, g.LastMissingSeq)), Is.EqualTo(new[] { (2L, 2L) }));
    }

    [Test]
    public async Task Two_batches_starting_in_the_same_millisecond_are_both_kept()
    {
        var ledger = await CreateLedgerAsync();
        await ledger.RecordAsync([Receipt("gw-1", 1) with { FirstReading = T0 }, Receipt("gw-1", 2) with { FirstReading = T0 }, Receipt("gw-1", 3)], CancellationToken.None);

        Assert.That(await ledger.GapsAsync(new GapQuery(T0, T0.AddHours(1)), CancellationToken.None), Is.Empty);
    }

    private static BatchReceipt Receipt(string gateway, long seq) =>
        new("site-1", gateway, seq, T0.AddMinutes(seq), T0.AddMinutes(seq).AddSeconds(30));
}
