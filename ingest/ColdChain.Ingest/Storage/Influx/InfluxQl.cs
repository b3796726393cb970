using System.Globalization;
using System.Text;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Ingest.Storage.Influx;

/// <summary>The InfluxQL this store sends, with identifiers and string literals escaped (never spliced raw).</summary>
internal static class InfluxQl
{
    // InfluxDB's time range: int64 nanoseconds, so about 1677-09-21 to 2262-04-11.
    private const long MinMilliseconds = -9_223_372_036_854;
    private const long MaxMilliseconds = 9_223_372_036_854;

    public static string CreateDatabase(string database) => $"CREATE DATABASE {Identifier(database)}";

    /// <summary>Creates the database with its default retention policy's duration; 0 days means forever.</summary>
    public static string CreateDatabase(string database, int retentionDays) => retentionDays > 0
        ? string.Create(CultureInfo.InvariantCulture, $"CREATE DATABASE {Identifier(database)} WITH DURATION {retentionDays}d")
        : CreateDatabase(database);

    /// <summary>
    /// Only the two fields: the tags come once per series (GROUP BY), not once per row, which makes the answer several
    /// times smaller for InfluxDB to write and for us to read. Each series comes in time order.
    /// </summary>
    public static string SelectReadings(ReadingQuery query) => Select("\"value\",\"status\"", query) + " GROUP BY \"site\",\"gateway\",\"sensor\"";

    /// <summary>The number of readings <see cref="SelectReadings"/> returns: <c>status</c> is in every point, <c>value</c> not in a fault's.</summary>
    public static string CountReadings(ReadingQuery query) => Select("count(\"status\")", query);

    private static string Select(string fields, ReadingQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var measurements = query.Quantity is { } quantity
            ? Identifier(quantity.WireName())
            : string.Join(',', Enum.GetValues<Quantity>().Select(q => Identifier(q.WireName())));
        var from = Math.Clamp(StoreTime.BoundToMilliseconds(query.From), MinMilliseconds, MaxMilliseconds);
        var to = Math.Clamp(StoreTime.BoundToMilliseconds(query.To), MinMilliseconds, MaxMilliseconds);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"SELECT {fields} FROM {measurements} WHERE \"asset\" = {StringLiteral(query.Asset)} AND time >= {from}ms AND time < {to}ms");
    }

    /// <summary>A single-quoted literal: backslashes and single quotes escaped.</summary>
    public static string StringLiteral(string value) => Quote(value, '\'');

    /// <summary>A double-quoted identifier: backslashes and double quotes escaped.</summary>
    public static string Identifier(string name) => Quote(name, '"');

    private static string Quote(string value, char quote)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = new StringBuilder(value.Length + 2).Append(quote);
        foreach (var c in value)
        {
            if (c == quote || c == '\\')
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.Append(quote).ToString();
    }
}
