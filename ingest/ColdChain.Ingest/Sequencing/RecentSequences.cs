namespace ColdChain.Ingest.Sequencing;

/// <summary>
/// The last few hundred seqs this instance stored per gateway, to count duplicates (redeliveries) without a store
/// round trip. Per instance and bounded: a metric, not a guarantee; the guarantee is that writes are idempotent.
/// </summary>
internal sealed class RecentSequences
{
    private const int RememberedPerGateway = 256;

    private readonly Dictionary<(string Site, string Gateway), Window> _gateways = [];

    /// <summary>Notes a stored batch; true when this instance had stored the same seq of that gateway before.</summary>
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

            return !window.Add(receipt.Seq);
        }
    }

    private sealed class Window
    {
        private readonly HashSet<long> _seen = [];
        private readonly Queue<long> _order = new();

        public bool Add(long seq)
        {
            if (!_seen.Add(seq))
            {
                return false;
            }

            _order.Enqueue(seq);
            if (_order.Count > RememberedPerGateway)
            {
                _seen.Remove(_order.Dequeue());
            }

            return true;
        }
    }
}
