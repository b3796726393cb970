using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ColdChain.Platform.Alarms.Notifications;

/// <summary>
/// E-mail over SMTP (MailKit), one message to all of a notice's recipients. The delivery queue makes one attempt per
/// pass and retries through the queue; <see cref="SendAsync"/> (security alerts, sent directly) retries itself.
/// </summary>
public sealed partial class EmailChannel(IOptions<EmailOptions> options, TimeProvider time, ILogger<EmailChannel> logger)
{
    public const string Name = "email";

    public async Task<DeliveryResult> SendAsync(AlarmNotice notice, IReadOnlyCollection<string> recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(recipients);
        if (recipients.Count == 0)
        {
            return new DeliveryResult(Name, Delivered: false, Attempts: 0, "no recipients designated");
        }

        var settings = options.Value;
        var result = new DeliveryResult(Name, Delivered: false, Attempts: 0, "failed");
        for (var attempt = 1; attempt <= settings.MaxAttempts; attempt++)
        {
            result = await AttemptAsync(MailNotice.From(notice), recipients, cancellationToken) with { Attempts = attempt };
            if (result.Delivered || result.Permanent)
            {
                return result;
            }

            if (attempt < settings.MaxAttempts)
            {
                await Task.Delay(settings.RetryDelay * attempt, time, cancellationToken);
            }
        }

        return result;
    }

    /// <summary>One connection to the relay and one message.</summary>
    public async Task<DeliveryResult> AttemptAsync(MailNotice notice, IReadOnlyCollection<string> recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(recipients);
        if (recipients.Count == 0)
        {
            return new DeliveryResult(Name, Delivered: false, Attempts: 1, "no recipients designated", Permanent: true);
        }

        var settings = options.Value;
        try
        {
            await SendOnceAsync(Compose(notice, recipients, settings.From), cancellationToken);
            return new DeliveryResult(Name, Delivered: true, Attempts: 1, $"sent to {recipients.Count} recipients");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogAttemptFailed(settings.Host, settings.Port, e.Message);
            return new DeliveryResult(Name, Delivered: false, Attempts: 1, e.Message);
        }
    }

    /// <summary>
    /// One attempt at sending a composed message (with attachments) through the same relay; throws when it fails. For
    /// callers that keep their own retry schedule (scheduled reports); <c>From</c> is filled in when empty.
    /// </summary>
    public async Task SendOnceAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        if (message.From.Count == 0)
        {
            message.From.Add(MailboxAddress.Parse(settings.From));
        }

        using var client = new SmtpClient();
        await client.ConnectAsync(settings.Host, settings.Port, settings.Security, cancellationToken);
        if (!string.IsNullOrEmpty(settings.Username))
        {
            await client.AuthenticateAsync(settings.Username, settings.Password ?? string.Empty, cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    private static MimeMessage Compose(MailNotice notice, IEnumerable<string> recipients, string from)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        foreach (var recipient in recipients)
        {
            message.To.Add(MailboxAddress.Parse(recipient));
        }

        message.Subject = notice.Subject;
        message.Headers.Add(notice.ReferenceHeader, notice.Reference);
        message.Body = new TextPart("plain") { Text = notice.Text };
        return message;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail attempt via {Host}:{Port} failed: {Error}")]
    private partial void LogAttemptFailed(string host, int port, string error);
}
