namespace ColdChain.Ingest.DeadLetters;

/// <summary>Dead letters received in [From, To), optionally of one gateway, newest first, one page at a time.</summary>
public sealed record DeadLetterQuery(DateTimeOffset From, DateTimeOffset To, string? Gateway = null, int Page = 1, int PageSize = 50)
{
    public const int MaxPageSize = 500;

    /// <summary>Rows skipped before this page.</summary>
    public long Offset => (long)(Math.Max(Page, 1) - 1) * Math.Clamp(PageSize, 1, MaxPageSize);

    public int Limit => Math.Clamp(PageSize, 1, MaxPageSize);
}

/// <summary>One page of dead letters; <see cref="HasMore"/> says whether the next page holds any.</summary>
public sealed record DeadLetterPage(IReadOnlyList<DeadLetter> Items, int Page, int PageSize, bool HasMore)
{
    /// <summary>Builds the page from up to <c>Limit + 1</c> rows: the extra row only tells that more exist.</summary>
    public static DeadLetterPage From(List<DeadLetter> rows, DeadLetterQuery query)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(query);
        var more = rows.Count > query.Limit;
        return new DeadLetterPage(more ? rows[..query.Limit] : rows, Math.Max(query.Page, 1), query.Limit, more);
    }
}
