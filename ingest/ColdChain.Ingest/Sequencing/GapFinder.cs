namespace ColdChain.Ingest.Sequencing;

/// <summary>
/// Turns receipts into gaps: wherever two known seqs of a gateway are not consecutive, the ones between are missing.
/// A gateway whose seq restarted (re-imaged, or a new outbox counting from 1 again) starts a new run of seqs: the
/// restart is neither a gap of billions of batches nor a reason to take the new batches for repeats of the old ones.
/// </summary>
internal static class GapFinder
{
    /// <summary>The first seq a fresh outbox hands out.</summary>
    private const long FirstSeq = 1;

    public static List<CoverageGap> Find(IEnumerable<BatchReceipt> receipts)
    {
        var gaps = new List<CoverageGap>();
        foreach (var gateway in receipts.GroupBy(r => (r.Site, r.Gateway)))
        {
            BatchReceipt? endOfPreviousRun = null;
            foreach (var run in Runs(gateway))
            {
                BatchReceipt? previous = null;

                // Duplicates (a redelivered batch) share a seq and a time: keep one.
                foreach (var receipt in run.DistinctBy(r => r.Seq).OrderBy(r => r.Seq))
                {
                    if (previous is not null && receipt.Seq > previous.Seq + 1)
                    {
                        gaps.Add(new CoverageGap(receipt.Site, receipt.Gateway, previous.Seq + 1, receipt.Seq - 1, previous.LastReading, receipt.FirstReading));
                    }
                    else if (previous is null && endOfPreviousRun is not null && receipt.Seq > FirstSeq)
                    {
                        // The first batches after the restart never arrived.
                        gaps.Add(new CoverageGap(receipt.Site, receipt.Gateway, FirstSeq, receipt.Seq - 1, endOfPreviousRun.LastReading, receipt.FirstReading));
                    }

                    previous = receipt;
                }

                endOfPreviousRun = run.MaxBy(r => r.LastReading);
            }
        }

        return [.. gaps.OrderBy(g => g.From).ThenBy(g => g.Site, StringComparer.Ordinal).ThenBy(g => g.Gateway, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Splits one gateway's receipts, in measurement-time order, where its seq restarted: a seq not above the highest so
    /// far, in a batch whose readings begin after that highest batch's readings ended. A redelivered or late batch keeps
    /// its own measurement time, so it falls into the run it came from.
    /// </summary>
    private static List<List<BatchReceipt>> Runs(IEnumerable<BatchReceipt> receipts)
    {
        var runs = new List<List<BatchReceipt>>();
        var run = new List<BatchReceipt>();
        BatchReceipt? highest = null;
        foreach (var receipt in receipts.OrderBy(r => r.FirstReading).ThenBy(r => r.Seq))
        {
            if (highest is not null && receipt.Seq <= highest.Seq && receipt.FirstReading > highest.LastReading)
            {
                runs.Add(run);
                run = [];
                highest = null;
            }

            run.Add(receipt);
            if (highest is null || receipt.Seq > highest.Seq)
            {
                highest = receipt;
            }
        }

        if (run.Count > 0)
        {
            runs.Add(run);
        }

        return runs;
    }

    /// <summary>The gaps that overlap [from, to): a gap straddling either end belongs to the window too.</summary>
    public static List<CoverageGap> Overlapping(IEnumerable<CoverageGap> gaps, GapQuery query) =>
        [.. gaps.Where(g => g.From < query.To && g.To > query.From)];
}
