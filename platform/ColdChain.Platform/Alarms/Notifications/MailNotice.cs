namespace ColdChain.Platform.Alarms.Notifications;

/// <summary>
/// A notice as an e-mail: subject, plain text, and a header naming what it is about (<c>X-ColdChain-Alarm</c>,
/// <c>X-ColdChain-Shipment</c>) so a mail rule can thread or file it. Features other than alarms queue this shape.
/// </summary>
public sealed record MailNotice(string Subject, string Text, string ReferenceHeader, string Reference)
{
    public static MailNotice From(AlarmNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return new(notice.Subject, notice.Body, "X-ColdChain-Alarm", notice.AlarmId.ToString());
    }
}
