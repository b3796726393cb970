using ColdChain.Ingest.Storage.Influx;
using System.Net;

namespace ColdChain.Ingest.Writing;

/// <summary>Which store failures pass (an outage: wait and retry) and which never will (this data: set it aside).</summary>
internal static class StoreFailures
{
    /// <summary>
    /// InfluxDB answered 400 (e.g. a field type conflict) or 413: the same write will be refused again however long we
    /// wait, so retrying it would stall ingest for good. Line protocol that cannot be formed fails the same way.
    /// </summary>
    public static bool IsRefusedForGood(Exception exception) =>
        exception is InfluxException { StatusCode: HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnprocessableEntity }
            or ArgumentException;

    public static bool IsTransient(Exception exception) =>
        exception is not OperationCanceledException && !IsRefusedForGood(exception);
}
