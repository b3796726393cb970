namespace ColdChain.Platform.Registry;

/// <summary>A warehouse, depot or fleet: its IANA time zone and the people alarms go to.</summary>
public sealed class Site
{
    /// <summary>GSP asks that an alarm reaches at least three designated people before a site goes live.</summary>
    public const int MinimumAlarmContacts = 3;

    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string TimeZone { get; set; } = "UTC";

    public List<string> AlarmContacts { get; set; } = [];

    public bool Live { get; set; }
}
