using System.ComponentModel.DataAnnotations;
using MailKit.Security;

namespace ColdChain.Platform.Alarms.Notifications;

/// <summary>Section <c>Notifications:Email</c>: the SMTP relay alarm e-mails go through.</summary>
public sealed class EmailOptions
{
    public const string Section = "Notifications:Email";

    [Required]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    [Required]
    [EmailAddress]
    public string From { get; set; } = "coldchain@localhost";

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>StartTls in production; Auto uses TLS when the server offers it.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTlsWhenAvailable;

    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}
