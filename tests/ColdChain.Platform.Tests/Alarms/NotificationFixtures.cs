using ColdChain.Platform.Alarms.Notifications;

namespace ColdChain.Platform.Tests.Alarms;

internal static class NotificationFixtures
{
    public static AlarmNotice Notice(bool late = false) => new(
        Guid.Parse("7d3b2c1a-0000-4000-8000-000000000001"),
        "dc-north",
        "cold-room-2",
        "cold-room-2-t1",
        "above_range",
        "critical",
        "raised",
        new DateTimeOffset(2026, 11, 25, 8, 6, 0, TimeSpan.Zero),
        5.3,
        "5.3 °C against 0…4 °C",
        late);
}
