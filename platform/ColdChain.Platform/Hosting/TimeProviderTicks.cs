namespace ColdChain.Platform;

/// <summary>
/// A loop's next tick on the app's clock. Unlike <see cref="PeriodicTimer"/>, a clock that jumps (a resumed VM, a test
/// advancing a fake clock by months) yields one tick, not one per missed period: the work each tick does looks at
/// "now" anyway, so catching up period by period would only repeat it.
/// </summary>
internal static class TimeProviderTicks
{
    public static async Task<bool> NextTickAsync(this TimeProvider time, TimeSpan interval, CancellationToken cancellationToken)
    {
        await Task.Delay(interval, time, cancellationToken);
        return true;
    }
}
