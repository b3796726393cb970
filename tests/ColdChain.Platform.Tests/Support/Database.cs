namespace ColdChain.Platform.Tests.Support;

/// <summary>The two platform databases every database-facing test runs on.</summary>
public enum Database
{
    Sqlite,
    Postgres,
}
