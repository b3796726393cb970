using ColdChain.Edge.Sequencing;
using ColdChain.Edge.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Edge.Tests.Sequencing;

public sealed class SequenceCounterTests
{
    private readonly FakeTimeProvider _time = new(GatewayHarness.Morning);

    [Test]
    public void The_sequence_strictly_increases_and_continues_after_a_restart_from_its_file()
    {
        using var folder = new TempFolder("coldchain-seq");
        var path = folder.Combine("gw-1", "telemetry.seq");

        var first = SequenceCounter.Open(path, _time, NullLogger.Instance);
        long[] before = [first.Next(), first.Next(), first.Next()];
        var reopened = SequenceCounter.Open(path, _time, NullLogger.Instance);
        long[] after = [reopened.Next(), reopened.Next()];

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo(new long[] { 1, 2, 3 }));
            Assert.That(after, Is.EqualTo(new long[] { 4, 5 }));
            Assert.That(File.ReadAllText(path), Is.EqualTo("5"));
            Assert.That(File.Exists(path + ".tmp"), Is.False, "written through a temp file that is renamed over");
        });
    }

    [Test]
    public void Without_a_data_directory_the_sequence_lives_in_memory_and_starts_at_one()
    {
        var counter = SequenceCounter.InMemory();

        Assert.That(new[] { counter.Next(), counter.Next() }, Is.EqualTo(new long[] { 1, 2 }));
    }

    [Test]
    public void A_damaged_sequence_file_continues_above_any_number_the_gateway_can_have_used()
    {
        using var folder = new TempFolder("coldchain-seq");
        var path = folder.Combine("telemetry.seq");
        File.WriteAllText(path, "\0\0garbage");

        var next = SequenceCounter.Open(path, _time, NullLogger.Instance).Next();

        Assert.That(next, Is.GreaterThan(GatewayHarness.Morning.ToUnixTimeMilliseconds()));
    }
}
