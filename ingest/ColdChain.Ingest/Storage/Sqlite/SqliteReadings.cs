using System.Text;
using ColdChain.Protocol.Telemetry;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ColdChain.Ingest.Storage.Sqlite;

/// <summary>
/// Steps a reading query's statement on SQLite's own API. The text columns repeat a handful of values (one site,
/// gateway and quantity, a few sensors), so each is matched as UTF-8 bytes against the values already seen and decoded
/// once: no string is allocated or parsed per row, which is what made the data-reader path cost microseconds per row.
/// </summary>
internal static class SqliteReadings
{
    private const int CancellationStride = 4096;

    private static readonly (byte[] Utf8, Quantity Value)[] Quantities =
        [.. Enum.GetValues<Quantity>().Select(q => (Encoding.UTF8.GetBytes(q.WireName()), q))];

    private static readonly (byte[] Utf8, ReadingStatus Value)[] Statuses =
        [.. Enum.GetValues<ReadingStatus>().Select(s => (Encoding.UTF8.GetBytes(s.WireName()), s))];

    /// <summary>Runs <paramref name="sql"/> (columns quantity, site, gateway, sensor, time_ms, value, status) on an open connection.</summary>
    public static List<StoredReading> Read(SqliteConnection connection, string sql, ReadingQuery query, CancellationToken cancellationToken)
    {
        var db = connection.Handle!;
        Check(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
        using (statement)
        {
            Bind(statement, db, "$asset", query.Asset);
            Bind(statement, db, "$from_ms", StoreTime.BoundToMilliseconds(query.From));
            Bind(statement, db, "$to_ms", StoreTime.BoundToMilliseconds(query.To));
            if (query.Quantity is { } quantity)
            {
                Bind(statement, db, "$quantity", quantity.WireName());
            }

            var sites = new TextValues();
            var gateways = new TextValues();
            var sensors = new TextValues();
            var readings = new List<StoredReading>();
            int rc;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                if (readings.Count % CancellationStride == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                readings.Add(new StoredReading(
                    Site: sites.Of(raw.sqlite3_column_blob(statement, 1)),
                    Gateway: gateways.Of(raw.sqlite3_column_blob(statement, 2)),
                    Asset: query.Asset,
                    Sensor: sensors.Of(raw.sqlite3_column_blob(statement, 3)),
                    Quantity: Known(Quantities, raw.sqlite3_column_blob(statement, 0), "quantity"),
                    Time: StoreTime.FromMilliseconds(raw.sqlite3_column_int64(statement, 4)),
                    Value: raw.sqlite3_column_type(statement, 5) == raw.SQLITE_NULL ? null : raw.sqlite3_column_double(statement, 5),
                    Status: Known(Statuses, raw.sqlite3_column_blob(statement, 6), "status")));
            }

            if (rc != raw.SQLITE_DONE)
            {
                Check(rc, db);
            }

            return readings;
        }
    }

    private static void Bind(sqlite3_stmt statement, sqlite3 db, string name, string value) =>
        Check(raw.sqlite3_bind_text(statement, Index(statement, name), value), db);

    private static void Bind(sqlite3_stmt statement, sqlite3 db, string name, long value) =>
        Check(raw.sqlite3_bind_int64(statement, Index(statement, name), value), db);

    private static int Index(sqlite3_stmt statement, string name) =>
        raw.sqlite3_bind_parameter_index(statement, name) is var index and > 0
            ? index
            : throw new InvalidOperationException($"the reading query has no parameter {name}");

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    private static T Known<T>((byte[] Utf8, T Value)[] known, ReadOnlySpan<byte> utf8, string what)
    {
        foreach (var (bytes, value) in known)
        {
            if (utf8.SequenceEqual(bytes))
            {
                return value;
            }
        }

        throw new InvalidOperationException($"the telemetry database holds an unknown {what} '{Encoding.UTF8.GetString(utf8)}'");
    }

    /// <summary>The distinct values of one text column, each decoded once; a query sees a few of them.</summary>
    private sealed class TextValues
    {
        private const int MostKept = 64;
        private readonly List<(byte[] Utf8, string Text)> _seen = [];
        private int _last;

        public string Of(ReadOnlySpan<byte> utf8)
        {
            // Rows come in time order with the sensors of one instant side by side: try the next value seen first.
            for (var i = 0; i < _seen.Count; i++)
            {
                var candidate = _seen[(_last + i) % _seen.Count];
                if (utf8.SequenceEqual(candidate.Utf8))
                {
                    _last = (_last + i + 1) % _seen.Count;
                    return candidate.Text;
                }
            }

            var text = Encoding.UTF8.GetString(utf8);
            if (_seen.Count < MostKept)
            {
                _seen.Add((utf8.ToArray(), text));
            }

            return text;
        }
    }
}
