using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ColdChain.Platform.Alarms.Notifications;

/// <summary>Alarm e-mail over SMTP (MailKit), one message to all of a site's designated people, retried on failure.</summary>
public sealed partial class EmailChannel(IOptions<EmailOptions> options, TimeProvider time, ILogger<EmailChannel> logger)
{
    public const string Name = "email";

    public async Task<DeliveryResult> SendAsync(AlarmNotice notice, IReadOnlyCollection<string> recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (recipients.Count == 0)
        {
            return new DeliveryResult(Name, Delivered: false, Attempts: 0, "no recipients designated");
        }

        var settings = options.Value;
        var message = Compose(notice, recipients, settings.From);
        string? lastError = null;
        for (var attempt = 1; attempt <= settings.MaxAttempts; attempt++)
        {
            try
            {
                using var client = new SmtpClient();
                await client.ConnectAsync(settings.Host, settings.Port, settings.Security, cancellationToken);
                if (!string.IsNullOrEmpty(settings.Username))
                {
                    await client.AuthenticateAsync(settings.Username, settings.Password ?? string.Empty, cancellationToken);
                }

                await client.SendAsync(message, cancellationToken);
                await client.DisconnectAsync(quit: true, cancellationToken);
                return new DeliveryResult(Name, Delivered: true, attempt, $"sent to {recipients.Count} recipients");
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                lastError = e.Message;
                LogAttemptFailed(attempt, settings.Host, settings.Port, e.Message);
                if (attempt < settings.MaxAttempts)
                {
                    await Task.Delay(settings.RetryDelay * attempt, time, cancellationToken);
                }
            }
        }

        return new DeliveryResult(Name, Delivered: false, settings.MaxAttempts, lastError ?? "failed");
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

    private static MimeMessage Compose(AlarmNotice notice, IEnumerable<string> recipients, string from)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        foreach (var recipient in recipients)
        {
            message.To.Add(MailboxAddress.Parse(recipient));
        }

        message.Subject = notice.Subject;
        message.Headers.Add("X-ColdChain-Alarm", notice.AlarmId.ToString());
        message.Body = new TextPart("plain") { Text = notice.Body };
        return message;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alarm e-mail attempt {Attempt} via {Host}:{Port} failed: {Error}")]
    private partial void LogAttemptFailed(int attempt, string host, int port, string error);
}
