namespace ColdChain.Protocol;

public enum ProtocolErrorKind
{
    /// <summary>The payload is larger than the codec accepts.</summary>
    TooLarge,

    /// <summary>The payload is empty, not UTF-8 JSON, or does not have the message's shape.</summary>
    Malformed,

    /// <summary>The payload names a schema this codec does not speak.</summary>
    UnknownSchema,

    /// <summary>The topic is not a ColdChain topic.</summary>
    BadTopic,
}

/// <summary>The one exception type the Protocol library throws for bad input: callers catch this and dead-letter.</summary>
public sealed class ProtocolException : Exception
{
    public ProtocolException(ProtocolErrorKind kind, string message, Exception? inner = null)
        : base(message, inner) => Kind = kind;

    public ProtocolException()
        : this(ProtocolErrorKind.Malformed, "malformed payload")
    {
    }

    public ProtocolException(string message)
        : this(ProtocolErrorKind.Malformed, message)
    {
    }

    public ProtocolException(string message, Exception innerException)
        : this(ProtocolErrorKind.Malformed, message, innerException)
    {
    }

    public ProtocolErrorKind Kind { get; }
}
