using System.ComponentModel.DataAnnotations;

namespace ColdChain.Ingest.Storage;

public enum StoreKind
{
    /// <summary>Embedded: one SQLite file (the platform's default).</summary>
    Sqlite,

    /// <summary>Production: InfluxDB over its v1 HTTP API.</summary>
    Influx,
}

/// <summary>Section <c>Storage</c>: which adapter backs <see cref="ITelemetryStore"/>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    [EnumDataType(typeof(StoreKind))]
    public StoreKind Kind { get; set; } = StoreKind.Sqlite;
}
