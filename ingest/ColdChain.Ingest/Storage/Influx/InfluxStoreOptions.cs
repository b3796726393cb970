using System.ComponentModel.DataAnnotations;

namespace ColdChain.Ingest.Storage.Influx;

/// <summary>Section <c>Storage:Influx</c>: the v1 HTTP API of InfluxDB 1.x, or the v1 compatibility API of 2.x/3.x.</summary>
public sealed class InfluxStoreOptions : IValidatableObject
{
    public const string Section = "Storage:Influx";

    [Required]
    public Uri Url { get; set; } = new("http://127.0.0.1:8086");

    [Required(AllowEmptyStrings = false)]
    public string Database { get; set; } = "coldchain";

    /// <summary>Basic auth (InfluxDB 1.x users, or 2.x v1-auth mappings).</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Sent as <c>Authorization: Token …</c> (InfluxDB 2.x/3.x); wins over basic auth.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// Run <c>CREATE DATABASE</c> on start. InfluxDB 2.x/3.x map databases to buckets made elsewhere: set false there.
    /// </summary>
    public bool CreateDatabase { get; set; } = true;

    /// <summary>
    /// How long a database created here keeps telemetry (its default retention policy's duration), in days: GSP asks
    /// for at least 5 years (1,827 days, leap days included); 0 keeps it forever. Applied only when the database is
    /// created: an existing database keeps its policy (changing one can delete data, so it is an operator's decision).
    /// </summary>
    [Range(0, 36_525)]
    public int RetentionDays { get; set; } = 1_827;

    /// <summary>Lines per <c>/write</c> request; InfluxDB recommends batches of about 5,000 points.</summary>
    [Range(1, 100_000)]
    public int MaxLinesPerWrite { get; set; } = 5_000;

    /// <summary>
    /// Send writes gzip-compressed (<c>Content-Encoding: gzip</c>), which every InfluxDB v1 API accepts: about ten
    /// times fewer bytes for our repetitive tag sets. Unset: compressed unless <see cref="Url"/> is a loopback address.
    /// On one machine the bytes cost nothing and the compressing and decompressing cost the CPU both sides need: the
    /// ingest benchmark stored 108,000 readings/s compressed and 128,000 plain (shape a, same run, 2 cores). Set false
    /// for a database on the same host under another name (the compose stack does), true across a slow link.
    /// </summary>
    public bool? Gzip { get; set; }

    /// <summary>Whether writes go out compressed: <see cref="Gzip"/>, or by the rule its summary gives.</summary>
    public bool CompressesWrites => Gzip ?? !Url.IsLoopback;

    /// <summary>
    /// Ask for readings as MessagePack (<c>Accept: application/x-msgpack</c>, InfluxDB 1.4 and later): about half the
    /// bytes of JSON and quicker for the server to write. A server that does not speak it answers JSON, read as ever.
    /// </summary>
    public bool MessagePack { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Url is not { IsAbsoluteUri: true } || (Url.Scheme != Uri.UriSchemeHttp && Url.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult($"Storage:Influx:Url '{Url}' must be an absolute http or https URL", [nameof(Url)]);
        }

        if (RetentionDays is > 0 and < 365)
        {
            yield return new ValidationResult($"Storage:Influx:RetentionDays {RetentionDays} is under a year: no regime we serve allows that (0 keeps telemetry forever)", [nameof(RetentionDays)]);
        }

        if (!string.IsNullOrEmpty(Password) && string.IsNullOrEmpty(Username))
        {
            yield return new ValidationResult("Storage:Influx:Password is set but Username is not", [nameof(Username)]);
        }
    }
}
