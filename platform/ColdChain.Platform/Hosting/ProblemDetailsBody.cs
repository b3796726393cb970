namespace ColdChain.Platform;

/// <summary>An RFC 9457-style error body: a short title and the precise reason.</summary>
public sealed record ProblemDetailsBody(string Title, string Detail);
