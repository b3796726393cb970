using System.Text.Json;
using ColdChain.Platform.Data;
using ColdChain.Platform.Shipments.Handovers;
using ColdChain.Platform.Shipments.Parties;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Shipments.Notifications;

/// <summary>The facts of a breach as every recipient gets them.</summary>
public sealed record BreachNotice(
    string Event,
    Guid CheckId,
    string OrderRef,
    string Verdict,
    DateTimeOffset HandoverAt,
    string FromParty,
    string ToParty,
    IReadOnlyList<HandoverReason> Reasons,
    string DocumentSha256,
    IReadOnlyList<string> Recipients);

/// <summary>
/// Queues a breach notice for both custody parties (EU GDP §9.2): the order platform by webhook, and the people of the
/// party handing over and of the party receiving by e-mail. Rows are added to the caller's unit of work, so a check is
/// never saved without its notices; <see cref="BreachNoticeWorker"/> sends them.
/// </summary>
public sealed class BreachNotices(PlatformDbContext db, TimeProvider time, IOptions<ShipmentsOptions> options)
{
    public const string Webhook = "webhook";
    public const string Email = "email";
    public const string BreachedEvent = "handover.breached";

    public async Task QueueAsync(HandoverCheck check, IReadOnlyList<HandoverReason> reasons, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        var now = time.GetUtcNow().UtcDateTime;
        var parties = await db.Set<CustodyParty>().AsNoTracking().Where(p => p.Id == check.FromParty || p.Id == check.ToParty).ToListAsync(cancellationToken);
        BreachNotice Notice(IReadOnlyList<string> recipients) => new(BreachedEvent, check.Id, check.OrderRef, check.Verdict, new DateTimeOffset(check.HandoverAt, TimeSpan.Zero),
            check.FromParty, check.ToParty, reasons.Where(r => r.Implies == HandoverVerdict.Breached).ToList(), check.DocumentSha256, recipients);

        if (options.Value.WebhookUrl is { } url)
        {
            Add(Webhook, url.ToString(), Notice([check.FromParty, check.ToParty]));
        }

        foreach (var party in parties.OrderBy(p => p.Id == check.FromParty ? 0 : 1))
        {
            Add(Email, party.Id, Notice(party.NotifyEmails));
        }

        void Add(string channel, string target, BreachNotice notice) => db.Add(new ShipmentDelivery
        {
            Id = Guid.NewGuid(),
            CheckId = check.Id,
            OrderRef = check.OrderRef,
            Channel = channel,
            Target = target,
            Payload = JsonSerializer.Serialize(notice, JsonSerializerOptions.Web),
            CreatedAt = now,
            NextAttemptAt = now,
        });
    }
}
