namespace ColdChain.Ingest.Sequencing;

/// <summary>Turns receipts into gaps: wherever two known seqs of a gateway are not consecutive, the ones between are missing.</summary>
internal static class GapFinder
{
    public static List<CoverageGap> Find(IEnumerable<BatchReceipt> receipts)
    {
        var gaps = new List<CoverageGap>();
        foreach (var gateway in receipts.GroupBy(r => (r.Site, r.Gateway)))
        {
            BatchReceipt? previous = null;

            // Duplicates (a redelivered batch) share a seq: keep one.
            foreach (var receipt in gateway.DistinctBy(r => r.Seq).OrderBy(r => r.Seq))
            {
                if (previous is not null && receipt.Seq > previous.Seq + 1)
                {
                    gaps.Add(new CoverageGap(receipt.Site, receipt.Gateway, previous.Seq + 1, receipt.Seq - 1, previous.LastReading, receipt.FirstReading));
                }

                previous = receipt;
            }
        }

        return [.. gaps.OrderBy(g => g.From).ThenBy(g => g.Site, StringComparer.Ordinal).ThenBy(g => g.Gateway, StringComparer.Ordinal)];
    }
}
