using Microsoft.Data.Sqlite;

namespace ColdChain.Edge.Outbox;

/// <summary>Parameterised commands in one line each; the outbox has a handful of statements and no need for more.</summary>
internal static class Sql
{
    public static int Execute(SqliteConnection db, string text, SqliteTransaction? transaction = null, params (string Name, object Value)[] parameters)
    {
        using var command = Command(db, text, transaction, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>Runs a query and hands its reader to <paramref name="read"/> while the command is still alive.</summary>
    public static T Read<T>(SqliteConnection db, string text, SqliteTransaction? transaction, Func<SqliteDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        using var command = Command(db, text, transaction, parameters);
        using var reader = command.ExecuteReader();
        return read(reader);
    }

    private static SqliteCommand Command(SqliteConnection db, string text, SqliteTransaction? transaction, (string Name, object Value)[] parameters)
    {
        var command = db.CreateCommand();
        command.CommandText = text;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}

/// <summary>The SQLite primary result codes the outbox handles (sqlite.org/rescode.html).</summary>
internal static class SqliteErrors
{
    public const int Corrupt = 11;
    public const int NotADatabase = 26;
}
