using System.Text;
using ColdChain.Protocol.Telemetry;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ColdChain.Ingest.Storage.Sqlite;

/// <summary>
/// Steps a reading query's statement on SQLite's own API. A row is three columns: the text columns joined into one
/// (<see cref="SqliteSchema.SelectByAsset"/>), the time and the value. The joined text repeats a handful of values (a
/// few sensors and statuses of one site, gateway and quantity), so each is matched as UTF-8 bytes against those already
/// seen and split and decoded once: no string is allocated or parsed per row.
/// </summary>
internal static class SqliteReadings
{
    private const int CancellationStride = 4096;
    private const byte Separator = 0x1F;

    private static readonly (byte[] Utf8, Quantity Value)[] Quantities =
        [.. Enum.GetValues<Quantity>().Select(q => (Encoding.UTF8.GetBytes(q.WireName()), q))];

    private static readonly (byte[] Utf8, ReadingStatus Value)[] Statuses =
        [.. Enum.GetValues<ReadingStatus>().Select(s => (Encoding.UTF8.GetBytes(s.WireName()), s))];

    /// <summary>Runs <paramref name="sql"/> (columns joined text, time_ms, value) on an open connection.</summary>
    public static ReadingChunks Read(SqliteConnection connection, string sql, ReadingQuery query, CancellationToken cancellationToken)
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

            var keys = new RowKeys();
            var readings = new ReadingChunks();
            int rc;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                if (readings.Count % CancellationStride == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var key = keys.Of(raw.sqlite3_column_blob(statement, 0));
                readings.Add(new StoredReading(
                    Site: key.Site,
                    Gateway: key.Gateway,
                    Asset: query.Asset,
                    Sensor: key.Sensor,
                    Quantity: key.Quantity,
                    Time: StoreTime.FromMilliseconds(raw.sqlite3_column_int64(statement, 1)),
                    Value: raw.sqlite3_column_type(statement, 2) == raw.SQLITE_NULL ? null : raw.sqlite3_column_double(statement, 2),
                    Status: key.Status));
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

    private sealed record RowKey(Quantity Quantity, string Site, string Gateway, string Sensor, ReadingStatus Status);

    /// <summary>The distinct joined texts of one query, each split and decoded once; a query sees a few of them.</summary>
    private sealed class RowKeys
    {
        private const int MostKept = 256;
        private readonly List<(byte[] Utf8, RowKey Key)> _seen = [];
        private int _last;

        public RowKey Of(ReadOnlySpan<byte> utf8)
        {
            // Rows come in time order with the sensors of one instant side by side: try the next value seen first.
            for (var i = 0; i < _seen.Count; i++)
            {
                var candidate = _seen[(_last + i) % _seen.Count];
                if (utf8.SequenceEqual(candidate.Utf8))
                {
                    _last = (_last + i + 1) % _seen.Count;
                    return candidate.Key;
                }
            }

            var key = Decode(utf8);
            if (_seen.Count < MostKept)
            {
                _seen.Add((utf8.ToArray(), key));
            }

            return key;
        }

        private static RowKey Decode(ReadOnlySpan<byte> utf8)
        {
            var parts = Encoding.UTF8.GetString(utf8).Split((char)Separator);
            if (parts.Length != 5)
            {
                throw new InvalidOperationException($"the telemetry database holds a reading whose text columns do not split in five: '{string.Join('|', parts)}'");
            }

            return new RowKey(
                Known(Quantities, Encoding.UTF8.GetBytes(parts[0]), "quantity"),
                parts[1],
                parts[2],
                parts[3],
                Known(Statuses, Encoding.UTF8.GetBytes(parts[4]), "status"));
        }
    }
}
