using System.Globalization;
using ColdChain.Platform.Alarms.Notifications;
using ColdChain.Platform.Data;
using ColdChain.Platform.Shipments.Handovers;
using ColdChain.Platform.Shipments.Parties;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Shipments.Notifications;

/// <summary>The facts of a breached handover as the order platform's webhook receives them.</summary>
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

/// <summary>A shipment's excursion budget used up while in custody, before any handover check (EU GDP §9.2).</summary>
public sealed record BudgetExceededNotice(
    string Event,
    string OrderRef,
    DateTimeOffset DetectedAt,
    int LegIndex,
    string Asset,
    string Custodian,
    double CumulativeMinutesSinceOrigin,
    double BudgetMinutes,
    IReadOnlyList<string> Recipients);

/// <summary>
/// Queues the notices of a breach for both custody parties (EU GDP §9.2) on the one notification queue: the order
/// platform by its HMAC-signed webhook (endpoint <see cref="OrderPlatform"/>), and each party's people by e-mail.
/// Rows are added to the caller's unit of work, so a breach is never saved without its notices; call
/// <see cref="DeliveryQueue.Wake"/> after saving. The queue's worker sends, retries and records every attempt.
/// </summary>
public sealed partial class BreachNotices(PlatformDbContext db, DeliveryQueue queue, ILogger<BreachNotices> logger)
{
    /// <summary>The named webhook endpoint (a <see cref="WebhookOptions"/>) of the order platform.</summary>
    public const string OrderPlatform = "order-platform";
    public const string BreachedEvent = "handover.breached";
    public const string BudgetExceededEvent = "shipment.budget-exceeded";

    public async Task QueueAsync(HandoverCheck check, IReadOnlyList<HandoverReason> reasons, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(reasons);
        var breaches = reasons.Where(r => r.Implies == HandoverVerdict.Breached).ToList();
        queue.Webhook(db, BreachedEvent, check.OrderRef, OrderPlatform, new BreachNotice(BreachedEvent, check.Id, check.OrderRef, check.Verdict,
            new DateTimeOffset(check.HandoverAt, TimeSpan.Zero), check.FromParty, check.ToParty, breaches, check.DocumentSha256, [check.FromParty, check.ToParty]));

        var text = string.Join('\n',
        [
            $"The handover check for order {check.OrderRef} found the cold chain breached.",
            string.Empty,
            $"Handover:  {check.HandoverAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC, {check.FromParty} → {check.ToParty}",
            $"Check:     {check.Id} (document SHA-256 {check.DocumentSha256})",
            string.Empty,
            "Why:",
            .. breaches.Select(r => $"  - {r.Text} [{r.Evidence}]"),
            string.Empty,
            "The full evidence: GET /api/handovers/" + check.Id,
        ]);
        var mail = new MailNotice($"[BREACHED] order {check.OrderRef}: cold chain breached at the handover {check.FromParty} → {check.ToParty}", text, "X-ColdChain-Handover", check.Id.ToString());
        await EmailPartiesAsync(BreachedEvent, check.OrderRef, [check.FromParty, check.ToParty], mail, cancellationToken);
    }

    /// <summary>
    /// The budget of <paramref name="shipment"/> was used up while <paramref name="leg"/> is open: both custody parties
    /// are told, and the cab alert sounds on the gateway the leg's asset reports through (<paramref name="cab"/>), as an
    /// alarm's would: the driver holding the goods hears it without a phone or e-mail.
    /// </summary>
    public async Task QueueBudgetExceededAsync(
        Shipment shipment, CustodyLeg leg, (string Site, string Gateway)? cab, IReadOnlyList<string> parties, TimeSpan cumulative, TimeSpan budget, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shipment);
        ArgumentNullException.ThrowIfNull(leg);
        if (cab is var (site, gateway))
        {
            queue.Cab(db, BudgetExceededEvent, shipment.OrderRef, site, gateway, leg.Asset, CabAlertId(shipment.OrderRef),
                string.Create(CultureInfo.InvariantCulture, $"Order {shipment.OrderRef}: {cumulative.TotalMinutes:0} min out of range in all, over the {budget.TotalMinutes:0} min allowed"));
        }
        else
        {
            LogNoCab(shipment.OrderRef, leg.Asset);
        }

        queue.Webhook(db, BudgetExceededEvent, shipment.OrderRef, OrderPlatform, new BudgetExceededNotice(BudgetExceededEvent, shipment.OrderRef, at, leg.Index, leg.Asset, leg.Party,
            Math.Round(cumulative.TotalMinutes, 1), Math.Round(budget.TotalMinutes, 1), parties));
        var text = string.Join('\n',
        [
            string.Create(CultureInfo.InvariantCulture, $"Order {shipment.OrderRef} ({shipment.Product}) has been out of its temperature range for {cumulative.TotalMinutes:0} min since the origin;"),
            string.Create(CultureInfo.InvariantCulture, $"its profile {shipment.Profile} allows {budget.TotalMinutes:0} min in all. The goods are still in transit."),
            string.Empty,
            $"Now:       leg {leg.Index}, {leg.Asset}, in the custody of {leg.Party}",
            $"Detected:  {at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC",
            string.Empty,
            "Decide what happens to the goods before the next handover; the handover check will show the evidence per leg.",
        ]);
        var mail = new MailNotice($"[BUDGET EXCEEDED] order {shipment.OrderRef}: time out of range used up in transit", text, "X-ColdChain-Shipment", shipment.OrderRef);
        await EmailPartiesAsync(BudgetExceededEvent, shipment.OrderRef, parties, mail, cancellationToken);
    }

    private async Task EmailPartiesAsync(string topic, string orderRef, IReadOnlyList<string> partyIds, MailNotice mail, CancellationToken cancellationToken)
    {
        var parties = await db.Set<CustodyParty>().AsNoTracking().Where(p => partyIds.Contains(p.Id)).ToListAsync(cancellationToken);
        foreach (var id in partyIds.Distinct(StringComparer.Ordinal))
        {
            var party = parties.SingleOrDefault(p => p.Id == id);
            if (party is null || !queue.Email(db, topic, orderRef, mail, party.NotifyEmails))
            {
                LogNobodyToEmail(topic, orderRef, id);
            }
        }
    }

    /// <summary>Not an alarm's id, so the cab's acknowledge button touches no alarm; unique per shipment (the notice goes out once).</summary>
    public static string CabAlertId(string orderRef) => $"shipment-budget:{orderRef}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Budget notice for order {OrderRef}: {Asset} has reported no reading through a gateway in this leg, so no cab alert")]
    private partial void LogNoCab(string orderRef, string asset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Topic} notice for order {OrderRef}: party {Party} has no e-mail address to notify; only the order platform's webhook carries it")]
    private partial void LogNobodyToEmail(string topic, string orderRef, string party);
}
