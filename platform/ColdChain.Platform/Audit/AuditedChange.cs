namespace ColdChain.Platform.Audit;

/// <summary>
/// The outcome of an audited create-or-change shared by an API endpoint and the admin pages: the stored value (and
/// whether it is new), or the field errors that stopped it (keys as the API's ProblemDetails name them).
/// </summary>
public sealed record AuditedChange<T>(T? Value, bool Created, IReadOnlyDictionary<string, string[]> Errors)
    where T : class
{
    public bool Valid => Errors.Count == 0;

    public static AuditedChange<T> Invalid(IReadOnlyDictionary<string, string[]> errors) => new(null, false, errors);
}
