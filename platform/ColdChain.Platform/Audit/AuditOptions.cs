namespace ColdChain.Platform.Audit;

/// <summary>Section <c>Audit</c>: where the chain's head is kept apart from the database, and how long entries are kept.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>
    /// The high-water mark (last sequence and hash) written after every append, outside the database, so that deleting
    /// the newest entries is detected. Default: <c>{DataDirectory}/audit-head-{database}.json</c>. In production put it
    /// where a database administrator cannot write (another volume, a WORM share).
    /// </summary>
    public string? HeadFile { get; set; }

    public AuditRetentionOptions Retention { get; set; } = new();
}

/// <summary>
/// Section <c>Audit:Retention</c>. Entries are removed only from the start of the chain, only when every entry up to
/// there is past its own retention, and only by <c>audit purge</c> or the daily purge when enabled; the API never
/// deletes. Retention is a minimum: an access record behind a younger change record waits for it.
/// </summary>
public sealed class AuditRetentionOptions
{
    public static readonly TimeSpan MinimumAccessRecords = TimeSpan.FromDays(180);

    /// <summary>EU quick-frozen food and US FSMA keep records at least a year (COMPLIANCE.md).</summary>
    public static readonly TimeSpan MinimumOtherRecords = TimeSpan.FromDays(365);

    /// <summary>Sign-ins, downloads and exports: at least 180 days (the platform-core issue's floor).</summary>
    public TimeSpan AccessRecords { get; set; } = TimeSpan.FromDays(180);

    /// <summary>Every other entry (changes, signatures, alerts): China GSP keeps records at least 5 years (COMPLIANCE.md).</summary>
    public TimeSpan OtherRecords { get; set; } = TimeSpan.FromDays(5 * 365 + 2);

    /// <summary>Which actions are access records: exact names, <c>prefix.*</c> or <c>*.suffix</c>.</summary>
    public List<string> AccessActions { get; set; } = ["login.*", "*.download", "*.export"];

    /// <summary>Purge once a day in the platform process; off by default (nothing is deleted unless a site opts in).</summary>
    public bool PurgeDaily { get; set; }

    public bool IsAccess(string action) => AccessActions.Any(pattern =>
        pattern.EndsWith(".*", StringComparison.Ordinal) ? action.StartsWith(pattern[..^1], StringComparison.Ordinal)
        : pattern.StartsWith("*.", StringComparison.Ordinal) ? action.EndsWith(pattern[1..], StringComparison.Ordinal)
        : string.Equals(pattern, action, StringComparison.Ordinal));
}
