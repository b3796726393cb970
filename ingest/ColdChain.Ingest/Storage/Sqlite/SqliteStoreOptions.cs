using System.ComponentModel.DataAnnotations;

namespace ColdChain.Ingest.Storage.Sqlite;

/// <summary>Section <c>Storage:Sqlite</c>.</summary>
public sealed class SqliteStoreOptions
{
    public const string Section = "Storage:Sqlite";

    /// <summary>The database file; a relative path is resolved against the working directory. Its folder is created.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = "telemetry.db";
}
