using System.ComponentModel.DataAnnotations;

namespace ColdChain.Platform.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The platform database (section <c>Database</c>): SQLite in the data folder by default, PostgreSQL in production.</summary>
public sealed class DatabaseOptions : IValidatableObject
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Required for PostgreSQL. For SQLite, empty means <c>platform.db</c> (demo: <c>demo-platform.db</c>) in the data folder.</summary>
    public string? ConnectionString { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult("Database:ConnectionString is required (the data folder default applies only to SQLite)", [nameof(ConnectionString)]);
        }
    }
}
