using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ColdChain.Platform.Alarms.Notifications;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ColdChain.Platform.Shipments.Notifications;

/// <summary>
/// One attempt at one delivery. Webhooks are signed exactly like alarm webhooks (<see cref="WebhookSignature"/>, the
/// delivery id repeated on every attempt so the receiver drops duplicates); e-mail goes through the alarm SMTP relay
/// settings (<see cref="EmailOptions"/>).
/// </summary>
public sealed class NoticeSender(HttpClient http, IOptions<ShipmentsOptions> options, IOptions<EmailOptions> email, TimeProvider time)
{
    public async Task<(bool Delivered, string Detail)> SendAsync(ShipmentDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        try
        {
            return delivery.Channel == BreachNotices.Webhook
                ? await PostAsync(delivery, cancellationToken)
                : await MailAsync(delivery, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (false, e.Message);
        }
    }

    private async Task<(bool, string)> PostAsync(ShipmentDelivery delivery, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.WebhookSecret))
        {
            return (false, "no webhook secret configured (Shipments:WebhookSecret)");
        }

        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Target) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(settings.WebhookSecret, timestamp, body));
        request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.Id.ToString());
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.WebhookTimeout);
        using var response = await http.SendAsync(request, timeout.Token);
        return (response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}");
    }

    private async Task<(bool, string)> MailAsync(ShipmentDelivery delivery, CancellationToken cancellationToken)
    {
        var notice = JsonSerializer.Deserialize<BreachNotice>(delivery.Payload, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("the delivery payload is empty");
        if (notice.Recipients.Count == 0)
        {
            return (false, $"party {delivery.Target} has no e-mail address to notify");
        }

        var settings = email.Value;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From));
        foreach (var recipient in notice.Recipients)
        {
            message.To.Add(MailboxAddress.Parse(recipient));
        }

        message.Subject = $"[BREACHED] order {notice.OrderRef}: cold chain breached at the handover {notice.FromParty} → {notice.ToParty}";
        message.Headers.Add("X-ColdChain-Handover", notice.CheckId.ToString());
        message.Body = new TextPart("plain") { Text = Body(notice) };
        using var client = new SmtpClient();
        await client.ConnectAsync(settings.Host, settings.Port, settings.Security, cancellationToken);
        if (!string.IsNullOrEmpty(settings.Username))
        {
            await client.AuthenticateAsync(settings.Username, settings.Password ?? string.Empty, cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        return (true, $"sent to {notice.Recipients.Count} recipients");
    }

    private static string Body(BreachNotice notice) => string.Join('\n',
    [
        $"The handover check for order {notice.OrderRef} found the cold chain breached.",
        string.Empty,
        $"Handover:  {notice.HandoverAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC, {notice.FromParty} → {notice.ToParty}",
        $"Check:     {notice.CheckId} (document SHA-256 {notice.DocumentSha256})",
        string.Empty,
        "Why:",
        .. notice.Reasons.Select(r => $"  - {r.Text} [{r.Evidence}]"),
        string.Empty,
        "The full evidence: GET /api/handovers/" + notice.CheckId,
    ]);
}
