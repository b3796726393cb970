namespace ColdChain.Protocol.Validation;

/// <summary>One precise reason a message was refused: which field (a JSON path such as <c>readings[3].value</c>) and why.</summary>
public readonly record struct ValidationError(string Field, string Reason)
{
    public override string ToString() => $"{Field}: {Reason}";
}
