using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ColdChain.Platform.Alarms.Notifications;

/// <summary>
/// One message to send on one channel, queued in the same transaction as the alarm change that caused it: a crash
/// between the two cannot lose the notice, and a channel that is down is retried with backoff by
/// <see cref="DeliveryWorker"/> without ever holding up evaluation.
/// </summary>
public sealed class NotificationDelivery
{
    public Guid Id { get; set; }

    public const string AlarmTopic = "alarm";

    /// <summary>The alarm it is about; null for a backlog summary, which covers several, and for other topics.</summary>
    public Guid? AlarmId { get; set; }

    /// <summary>What kind of notice: <see cref="AlarmTopic"/> (the payload is an <c>AlarmNotice</c>) or another feature's event (a <see cref="MailNotice"/> for e-mail, the JSON document itself for a webhook).</summary>
    public string Topic { get; set; } = AlarmTopic;

    /// <summary>What a non-alarm notice is about, for finding its deliveries: a shipment's order reference.</summary>
    public string? Reference { get; set; }

    /// <summary>The named webhook endpoint (its URL and HMAC secret come from settings, never the database); null: the alarm webhook.</summary>
    public string? Endpoint { get; set; }

    /// <summary><c>cab</c>, <c>email</c> or <c>webhook</c>.</summary>
    public string Channel { get; set; } = string.Empty;

    /// <summary>Where it goes: <c>{site}/{gateway}</c> for the cab, comma-separated addresses for e-mail.</summary>
    public string Target { get; set; } = string.Empty;

    /// <summary>The message as JSON, the same bytes on every attempt: a <c>CabAlert</c> for the cab, an <c>AlarmNotice</c> for alarms, otherwise see <see cref="Topic"/>.</summary>
    public string Payload { get; set; } = string.Empty;

    public DeliveryState State { get; set; }

    public int Attempts { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public DateTime? CompletedAt { get; set; }

    public string? LastError { get; set; }
}

public enum DeliveryState
{
    Pending,
    Delivered,
    Failed,
}

internal sealed class NotificationDeliveryConfiguration : IEntityTypeConfiguration<NotificationDelivery>
{
    public void Configure(EntityTypeBuilder<NotificationDelivery> e)
    {
        e.ToTable("NotificationDeliveries");
        e.HasKey(d => d.Id);
        e.Property(d => d.Channel).HasMaxLength(16);
        e.Property(d => d.Target).HasMaxLength(2000);
        e.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
        e.Property(d => d.LastError).HasMaxLength(2000);
        e.Property(d => d.Topic).HasMaxLength(48).HasDefaultValue(NotificationDelivery.AlarmTopic);
        e.Property(d => d.Reference).HasMaxLength(128);
        e.Property(d => d.Endpoint).HasMaxLength(32);
        e.HasIndex(d => new { d.State, d.Channel, d.NextAttemptAt });
        e.HasIndex(d => new { d.Topic, d.Reference });
    }
}

/// <summary>One attempt at one delivery: when, and how it went. Kept for every topic, so retries can be shown and audited.</summary>
public sealed class NotificationAttempt
{
    public Guid Id { get; set; }

    public Guid DeliveryId { get; set; }

    /// <summary>1 for the first attempt.</summary>
    public int Number { get; set; }

    public DateTime At { get; set; }

    public bool Delivered { get; set; }

    public string Detail { get; set; } = string.Empty;
}

internal sealed class NotificationAttemptConfiguration : IEntityTypeConfiguration<NotificationAttempt>
{
    public void Configure(EntityTypeBuilder<NotificationAttempt> e)
    {
        e.ToTable("NotificationAttempts");
        e.HasKey(a => a.Id);
        e.Property(a => a.Detail).HasMaxLength(2000);
        e.HasOne<NotificationDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(a => new { a.DeliveryId, a.Number }).IsUnique();
    }
}
