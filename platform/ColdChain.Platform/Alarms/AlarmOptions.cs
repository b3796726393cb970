using System.ComponentModel.DataAnnotations;

namespace ColdChain.Platform.Alarms;

/// <summary>
/// Section <c>Alarms</c>: the alarm monitor's own broker session (on the <c>Ingest:Broker</c> connection), which
/// profile each asset is judged by, the gateway and door rules that no temperature profile carries, escalation and
/// notification retries.
/// </summary>
public sealed class AlarmOptions : IValidatableObject
{
    public const string Section = "Alarms";

    /// <summary>Off only where no broker is reachable (API-only tests): with it off no alarm is raised.</summary>
    public bool MonitorEnabled { get; set; } = true;

    /// <summary>Stable across restarts so the broker keeps the monitor's persistent session; empty means <c>coldchain-alarms-{machine}</c>.</summary>
    [MaxLength(128)]
    public string? ClientId { get; set; }

    [Range(typeof(TimeSpan), "00:00:00", "49710.00:00:00")]
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How the monitor subscribes. <see cref="AlarmSubscription.SharedAfterIngest"/> with an external broker (the
    /// default there), <see cref="AlarmSubscription.Plain"/> with the embedded one (its default; it refuses <c>$share</c>).
    /// </summary>
    public AlarmSubscription Subscription { get; set; } = AlarmSubscription.SharedAfterIngest;

    /// <summary>How often the clock-driven rules run: stale data, door still open, gateway offline grace, escalation.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A gateway offline this long (status or Last Will) raises an alarm; a reconnect inside it raises nothing.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan GatewayOfflineGrace { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A transition measured this much before it arrived is late: history, summarised, not a fresh call to action.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LateAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// After it subscribes again (a broker restart), the monitor judges what ingest stored while it was not subscribed,
    /// read back from the telemetry store, before any live message. It waits this long first, so that ingest's writes
    /// of the messages it received just before have landed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan CatchUpSettle { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Late alarms of a gateway are summarised in one notice once its backlog has been quiet this long.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan BacklogSummaryQuiet { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The temperature profile of an asset the registry does not know yet (a registered one has its own or its kind's preset).</summary>
    [Required]
    public string DefaultProfile { get; set; } = "chilled-0-4";

    /// <summary>Which profile each asset is judged by.</summary>
    public List<AssetProfile> AssetProfiles { get; } = [];

    /// <summary>A door open longer than this raises a warning; null turns the rule off.</summary>
    public TimeSpan? MaxDoorOpen { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>No reading for this many of the profile's recording intervals raises stale data.</summary>
    [Range(2, 1000)]
    public int StaleAfterIntervals { get; set; } = 5;

    /// <summary>Warn when the trend reaches a limit within this time; null turns prediction off.</summary>
    public TimeSpan? PredictionLead { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>An unacknowledged critical alarm moves one step up the chain after this long (sites without a stored policy).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AcknowledgeWithin { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Per site, who is told at each step: driver → operator on duty → QA manager. The default for a site without an
    /// escalation policy of its own (<c>PUT /api/sites/{id}/escalation</c>, the admin sites page).
    /// </summary>
    public List<SiteEscalation> Escalation { get; } = [];

    [Range(1, 100)]
    public int MaxDeliveryAttempts { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan DeliveryRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxDeliveryRetryDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often assets, sites and profiles are re-read from the registry.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RegistryRefresh { get; set; } = TimeSpan.FromSeconds(30);

    public string EffectiveClientId => string.IsNullOrWhiteSpace(ClientId) ? $"coldchain-alarms-{Environment.MachineName}" : ClientId;

    public SiteEscalation? EscalationFor(string site) => Escalation.FirstOrDefault(e => string.Equals(e.Site, site, StringComparison.Ordinal));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (entry, i) in AssetProfiles.Select((e, i) => (e, i)))
        {
            if (string.IsNullOrWhiteSpace(entry.Asset) || string.IsNullOrWhiteSpace(entry.Profile))
            {
                yield return new ValidationResult($"Alarms:AssetProfiles:{i} needs both Asset and Profile", [nameof(AssetProfiles)]);
            }
        }

        foreach (var (site, i) in Escalation.Select((e, i) => (e, i)))
        {
            if (string.IsNullOrWhiteSpace(site.Site))
            {
                yield return new ValidationResult($"Alarms:Escalation:{i}:Site is missing", [nameof(Escalation)]);
            }

            if (site.OperatorsOnDuty.Count == 0 || site.QaManagers.Count == 0)
            {
                yield return new ValidationResult($"Alarms:Escalation:{i} ({site.Site}) needs at least one operator on duty and one QA manager", [nameof(Escalation)]);
            }

            foreach (var address in site.FirstLine.Concat(site.OperatorsOnDuty).Concat(site.QaManagers))
            {
                if (!new EmailAddressAttribute().IsValid(address))
                {
                    yield return new ValidationResult($"Alarms:Escalation:{i} ({site.Site}): '{address}' is not an e-mail address", [nameof(Escalation)]);
                }
            }
        }

        if (MaxDeliveryRetryDelay < DeliveryRetryDelay)
        {
            yield return new ValidationResult("Alarms:MaxDeliveryRetryDelay is shorter than Alarms:DeliveryRetryDelay", [nameof(MaxDeliveryRetryDelay)]);
        }
    }
}

/// <summary>How the alarm monitor subscribes to the gateways' telemetry, events and status.</summary>
public enum AlarmSubscription
{
    /// <summary>
    /// Through <c>$share/{Alarms:ClientId}/…</c> (a group of one: this monitor sees everything, a stale session of an
    /// old client id takes nothing from it), and only while ingest is subscribed (a probe on
    /// <c>coldchain/v1/ingest/probe</c>). Else the broker would answer a gateway's publish with success for readings
    /// only the monitor gets, and the gateway would drop them from its outbox: after a mosquitto 2.0.11 restart a plain
    /// subscription is restored and ingest's shared one is not.
    /// </summary>
    SharedAfterIngest,

    /// <summary>A plain subscription, no probe: for the embedded broker, which cannot restart without the monitor.</summary>
    Plain,
}

public sealed class AssetProfile
{
    public string Asset { get; set; } = string.Empty;

    public string Profile { get; set; } = string.Empty;
}

/// <summary>
/// The escalation chain of one site. Step 0 is the truck's assigned driver (or <see cref="FirstLine"/> for assets
/// without one), step 1 the operators on duty, step 2 the QA managers. The site's designated alarm contacts
/// (<c>Site.AlarmContacts</c>, at least three for a live site) are told at step 0 as well.
/// </summary>
public sealed class SiteEscalation
{
    public string Site { get; set; } = string.Empty;

    public List<string> FirstLine { get; } = [];

    public List<string> OperatorsOnDuty { get; } = [];

    public List<string> QaManagers { get; } = [];
}
