namespace ColdChain.Ingest.Sequencing;

/// <summary>
/// The last few hundred seqs this instance stored per gateway, to count duplicates (redeliveries) without a store
/// round trip. Per instance and bounded: a metric, not a guarantee; the guarantee is that writes are idempotent.
/// </summary>
internal sealed class RecentSequences
{
    private const int RememberedPerGateway = 256;

    private readonly Dictionary<(string Site, string Gateway), Window> _gateways = [];

    /// <summary>
    /// Notes a stored batch; true when this instance had stored the same batch of that gateway before: the same seq
    /// starting at the same measurement time (after a gateway's seq restarted, its new batch 1 is not the old one).
    /// </summary>
    public bool SeenBefore(BatchReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        lock (_gateways)
        {
            if (!_gateways.TryGetValue((receipt.Site, receipt.Gateway), out var window))
            {
                window = new Window();
                _gateways[(receipt.Site, receipt.Gateway)] = window;
            }

            return !window.Add((receipt.Seq, receipt.FirstReading));
        }
    }

    private sealed class Window
    {
        private readonly HashSet<(long Seq, DateTimeOffset FirstReading)> _seen = [];
        private readonly Queue<(long Seq, DateTimeOffset FirstReading)> _order = new();

        public bool Add((long Seq, DateTimeOffset FirstReading) batch)
        {
            if (!_seen.Add(batch))
            {
                return false;
            }

            _order.Enqueue(batch);
            if (_order.Count > RememberedPerGateway)
            {
                _seen.Remove(_order.Dequeue());
            }

            return true;
        }
    }
}
