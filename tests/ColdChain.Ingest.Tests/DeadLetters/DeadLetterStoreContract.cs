using ColdChain.Ingest.DeadLetters;

namespace ColdChain.Ingest.Tests.DeadLetters;

/// <summary>What every dead-letter store does, run against SQLite and a real influxd.</summary>
public abstract class DeadLetterStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    protected abstract Task<IDeadLetterStore> CreateStoreAsync();

    [Test]
    public async Task A_dead_letter_comes_back_with_its_raw_payload_topic_time_and_reason()
    {
        var store = await CreateStoreAsync();
        byte[] payload = [0xff, 0x00, (byte)'{', (byte)'"', (byte)'\n', 0x80];
        var letter = DeadLetter.Create(T0.AddMilliseconds(123), "coldchain/v1/site-1/gw-1/telemetry", "site-1", "gw-1", "invalid", "readings[0].value: is not a finite number\nsecond line", payload);

        await store.WriteAsync([letter], CancellationToken.None);

        var page = await store.QueryAsync(new DeadLetterQuery(T0, T0.AddMinutes(1)), CancellationToken.None);
        var back = page.Items.Single();
        Assert.That(back.Payload.ToArray(), Is.EqualTo(payload));
        Assert.That((back.ReceivedAt, back.Topic, back.Site, back.Gateway, back.Reason, back.PayloadBytes), Is.EqualTo((letter.ReceivedAt, letter.Topic, "site-1", "gw-1", "invalid", payload.Length)));
        Assert.That(back.Detail, Does.StartWith("readings[0].value: is not a finite number"));
        Assert.That(page.HasMore, Is.False);
    }

    [Test]
    public async Task A_dead_letter_whose_topic_named_no_gateway_is_kept_too()
    {
        var store = await CreateStoreAsync();

        await store.WriteAsync([DeadLetter.Create(T0, "not/a/coldchain/topic", null, null, "bad_topic", "not a coldchain topic", "x"u8)], CancellationToken.None);

        var back = (await store.QueryAsync(new DeadLetterQuery(T0, T0.AddMinutes(1)), CancellationToken.None)).Items.Single();
        Assert.That((back.Topic, back.Site, back.Gateway), Is.EqualTo(("not/a/coldchain/topic", (string?)null, (string?)null)));
    }

    [Test]
    public async Task Dead_letters_are_filtered_by_time_and_gateway_and_paged_newest_first()
    {
        var store = await CreateStoreAsync();
        var letters = Enumerable.Range(0, 7)
            .Select(i => DeadLetter.Create(T0.AddSeconds(i), $"topic-{i}", "site-1", i % 2 == 0 ? "gw-even" : "gw-odd", "invalid", $"letter {i}", [(byte)i]))
            .ToList();
        await store.WriteAsync(letters, CancellationToken.None);

        var first = await store.QueryAsync(new DeadLetterQuery(T0, T0.AddSeconds(6), "gw-even", Page: 1, PageSize: 2), CancellationToken.None);
        var second = await store.QueryAsync(new DeadLetterQuery(T0, T0.AddSeconds(6), "gw-even", Page: 2, PageSize: 2), CancellationToken.None);

        // gw-even has letters 0, 2, 4, 6; the window [T0, T0+6s) leaves out 6.
        Assert.That(first.Items.Select(l => l.Topic), Is.EqualTo(new[] { "topic-4", "topic-2" }));
        Assert.That(first.HasMore, Is.True);
        Assert.That(second.Items.Select(l => l.Topic), Is.EqualTo(new[] { "topic-0" }));
        Assert.That(second.HasMore, Is.False);
    }

    [Test]
    public async Task Two_dead_letters_in_the_same_millisecond_are_both_kept()
    {
        var store = await CreateStoreAsync();

        await store.WriteAsync(
            [DeadLetter.Create(T0, "t", "s", "gw", "invalid", "one", "1"u8), DeadLetter.Create(T0, "t", "s", "gw", "invalid", "two", "2"u8)],
            CancellationToken.None);

        var page = await store.QueryAsync(new DeadLetterQuery(T0, T0.AddSeconds(1)), CancellationToken.None);
        Assert.That(page.Items.Select(l => l.Detail), Is.EquivalentTo(new[] { "one", "two" }));
    }
}
