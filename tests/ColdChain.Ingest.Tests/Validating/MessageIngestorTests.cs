using System.Buffers;
using System.Diagnostics.Metrics;
using ColdChain.Ingest.Consuming;
using ColdChain.Ingest.Tests.Consuming;
using ColdChain.Ingest.Validating;
using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Telemetry;
using ColdChain.Protocol.Topics;
using ColdChain.Protocol.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Ingest.Tests.Validating;

/// <summary>Validation as configured in <c>Ingest:Validation</c>: the time window and the sizes.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class MessageIngestorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Now);
    private ServiceProvider _services = null!;

    [SetUp]
    public void CreateMeters() => _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    [TearDown]
    public void DisposeMeters() => _services.Dispose();

    [TestCase(4, null, true, TestName = "A reading 4 minutes ahead is accepted by default")]
    [TestCase(10, null, false, TestName = "A reading 10 minutes ahead is refused by default")]
    [TestCase(10, 15, true, TestName = "A reading 10 minutes ahead is accepted when 15 minutes of clock drift are allowed")]
    public void The_future_window_is_configurable(int minutesAhead, int? allowedMinutes, bool accepted)
    {
        var options = new ValidationOptions();
        if (allowedMinutes is { } allowed)
        {
            options.MaxClockAhead = TimeSpan.FromMinutes(allowed);
        }

        var message = Ingestor(options).Prepare(Topic, Payload(Now.AddMinutes(minutesAhead)), _ => Task.CompletedTask);

        Assert.That(message.DeadLetter is null, Is.EqualTo(accepted), message.DeadLetter?.Detail);
    }

    [TestCase(29, true, TestName = "A 29-day backlog is accepted")]
    [TestCase(31, false, TestName = "A 31-day-old reading is refused as older than the backlog")]
    public void A_backlog_of_up_to_30_days_is_accepted(int daysOld, bool accepted)
    {
        var message = Ingestor(new ValidationOptions()).Prepare(Topic, Payload(Now.AddDays(-daysOld)), _ => Task.CompletedTask);

        Assert.That(message.DeadLetter is null, Is.EqualTo(accepted), message.DeadLetter?.Detail);
        Assert.That(message.Readings, Has.Count.EqualTo(accepted ? 3 : 0));
    }

    [Test]
    public void A_payload_over_the_size_limit_is_refused_before_decoding_and_only_its_head_is_kept()
    {
        var huge = new byte[200_000];
        Array.Fill(huge, (byte)'x');

        var message = Ingestor(new ValidationOptions { MaxPayloadBytes = 100_000 }).Prepare(Topic, new ReadOnlySequence<byte>(huge), _ => Task.CompletedTask);

        Assert.That(message.DeadLetter!.Reason, Is.EqualTo("too_large"));
        Assert.That(message.DeadLetter.PayloadBytes, Is.EqualTo(200_000));
        Assert.That(message.DeadLetter.Payload.Length, Is.EqualTo(ColdChain.Ingest.DeadLetters.DeadLetter.MaxStoredPayloadBytes));
    }

    [Test]
    public void More_readings_than_the_configured_maximum_are_refused()
    {
        var message = Ingestor(new ValidationOptions { MaxReadingsPerBatch = 2 }).Prepare(Topic, Payload(Now), _ => Task.CompletedTask);

        Assert.That(message.DeadLetter!.Detail, Does.Contain("at most 2"));
    }

    [Test]
    public void A_valid_batch_carries_its_receipt_for_gap_detection()
    {
        var message = Ingestor(new ValidationOptions()).Prepare(Topic, Payload(Now.AddMinutes(-1), seq: 42), _ => Task.CompletedTask);

        Assert.That(message.Receipt, Is.EqualTo(new ColdChain.Ingest.Sequencing.BatchReceipt("site-1", "gw-1", 42, Now.AddMinutes(-1), Now.AddMinutes(-1).AddSeconds(2))));
    }

    private static string Topic => ColdChainTopics.Telemetry("site-1", "gw-1");

    private static ReadOnlySequence<byte> Payload(DateTimeOffset start, long seq = 1)
    {
        var batch = Batches.Telemetry("site-1", "gw-1", "room-1", readings: 3, seq) with { SentAt = start };
        batch = batch with { Readings = [.. batch.Readings.Select((r, i) => r with { Time = start.AddSeconds(i) })] };
        return new ReadOnlySequence<byte>(ProtocolCodec.Encode(batch));
    }

    private MessageIngestor Ingestor(ValidationOptions validation)
    {
        var options = Options.Create(new IngestOptions { Validation = validation });
        return new MessageIngestor(
            new MessageValidator(validation.ToLimits(), _time), options, new IngestMetrics(_services.GetRequiredService<IMeterFactory>()), _time, NullLogger<MessageIngestor>.Instance);
    }
}
