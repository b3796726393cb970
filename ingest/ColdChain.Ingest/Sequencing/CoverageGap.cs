namespace ColdChain.Ingest.Sequencing;

/// <summary>
/// Batches <see cref="FirstMissingSeq"/>…<see cref="LastMissingSeq"/> of a gateway never arrived: its data between
/// <see cref="From"/> (the last reading before) and <see cref="To"/> (the first reading after) is missing. Reports and
/// handover checks show this as a coverage gap instead of silently joining the line across it.
/// </summary>
public sealed record CoverageGap(string Site, string Gateway, long FirstMissingSeq, long LastMissingSeq, DateTimeOffset From, DateTimeOffset To)
{
    public long MissingBatches => LastMissingSeq - FirstMissingSeq + 1;
}

/// <summary>
/// Gaps that overlap [From, To), of one gateway or of all: a gap reaching into the window from before or past it counts
/// (a shipment leg or report period that starts inside a gap is not intact).
/// </summary>
public sealed record GapQuery(DateTimeOffset From, DateTimeOffset To, string? Gateway = null);
