using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ColdChain.Platform.Data;

/// <summary>
/// Every stored instant is UTC. SQLite hands DateTime back as Unspecified and PostgreSQL's timestamptz wants Utc:
/// this converter makes both say what the column means, without changing the column type (one migration for both).
/// </summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
