using System.Net;

namespace ColdChain.Ingest.Storage.Influx;

/// <summary>InfluxDB answered, but with an error: the write or query did not happen.</summary>
public sealed class InfluxException : Exception
{
    public InfluxException(string message, HttpStatusCode? statusCode = null, Exception? inner = null)
        : base(message, inner) => StatusCode = statusCode;

    public InfluxException()
        : this("InfluxDB reported an error")
    {
    }

    public InfluxException(string message)
        : this(message, null, null)
    {
    }

    public InfluxException(string message, Exception innerException)
        : this(message, null, innerException)
    {
    }

    public HttpStatusCode? StatusCode { get; }
}
