namespace ColdChain.Ingest.Storage;

/// <summary>
/// Creates a store's schema on first use, once. A failure is not remembered: the next call tries again, so a store
/// that was unreachable at start heals by itself.
/// </summary>
internal sealed class SchemaOnce(Func<CancellationToken, Task> create)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile bool _done;

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_done)
        {
            return;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (!_done)
            {
                await create(cancellationToken);
                _done = true;
            }
        }
        finally
        {
            _lock.Release();
        }
    }
}
