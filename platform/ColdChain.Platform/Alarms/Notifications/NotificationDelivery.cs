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

    /// <summary>The alarm it is about; null for a backlog summary, which covers several.</summary>
    public Guid? AlarmId { get; set; }

    /// <summary><c>cab</c>, <c>email</c> or <c>webhook</c>.</summary>
    public string Channel { get; set; } = string.Empty;

    /// <summary>Where it goes: <c>{site}/{gateway}</c> for the cab, comma-separated addresses for e-mail.</summary>
    public string Target { get; set; } = string.Empty;

    /// <summary>The message as JSON: a <c>CabAlert</c> for the cab, an <c>AlarmNotice</c> otherwise.</summary>
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
        e.HasIndex(d => new { d.State, d.Channel, d.NextAttemptAt });
    }
}
