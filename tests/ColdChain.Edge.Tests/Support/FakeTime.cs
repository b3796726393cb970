using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Edge.Tests.Support;

internal static class FakeTime
{
    /// <summary>Runs <paramref name="work"/> on a fake clock, advancing it in small steps until it completes (drivers wait out measurement times).</summary>
    public static async Task<T> DriveAsync<T>(this FakeTimeProvider time, Func<Task<T>> work, TimeSpan? step = null)
    {
        var task = work();
        for (var i = 0; i < 10_000 && !task.IsCompleted; i++)
        {
            time.Advance(step ?? TimeSpan.FromMilliseconds(1));
            await Task.Yield();
        }

        return await task.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
