using System.Globalization;
using ColdChain.Ingest.DeadLetters;
using ColdChain.Platform.Identity;
using ColdChain.Protocol;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ColdChain.Platform.DeadLetters;

/// <summary>
/// <c>GET /api/dead-letters</c>: the messages ingest refused, with their raw payload and precise reason. Needs
/// <see cref="IDeadLetterStore"/> in the container: <c>services.AddDeadLetterStore(configuration)</c> (AddIngest adds it too).
/// </summary>
public static class DeadLettersApi
{
    public static IEndpointRouteBuilder MapDeadLettersApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/dead-letters", GetDeadLetters)
            .RequireAuthorization(Policies.ReadDeadLetters)
            .WithTags("DeadLetters")
            .WithName("GetDeadLetters")
            .WithSummary("Refused messages received in [from, to) (default: the last 24 hours), optionally of one gateway, newest first, paged (page from 1, pageSize up to 500).");
        return app;
    }

    private static async Task<Results<Ok<DeadLetterPageResponse>, BadRequest<ProblemDetailsBody>>> GetDeadLetters(
        string? from, string? to, string? gateway, int? page, int? pageSize, IDeadLetterStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!InstantParameter.TryParse(from, "from", now.AddDays(-1), out var start, out var fromError))
        {
            return TypedResults.BadRequest(fromError);
        }

        if (!InstantParameter.TryParse(to, "to", now.AddMinutes(1), out var end, out var toError))
        {
            return TypedResults.BadRequest(toError);
        }

        if (end <= start)
        {
            return TypedResults.BadRequest(new ProblemDetailsBody("empty window", "'to' must be after 'from'"));
        }

        if (gateway is not null && Identifiers.Problem(gateway) is { } problem)
        {
            return TypedResults.BadRequest(new ProblemDetailsBody("invalid 'gateway'", $"'{gateway}' {problem}"));
        }

        if (page is < 1 || pageSize is < 1 or > DeadLetterQuery.MaxPageSize)
        {
            return TypedResults.BadRequest(new ProblemDetailsBody(
                "invalid paging", string.Create(CultureInfo.InvariantCulture, $"page starts at 1; pageSize is 1…{DeadLetterQuery.MaxPageSize}")));
        }

        var result = await store.QueryAsync(new DeadLetterQuery(start, end, gateway, page ?? 1, pageSize ?? 50), cancellationToken);
        return TypedResults.Ok(new DeadLetterPageResponse([.. result.Items.Select(DeadLetterResponse.From)], result.Page, result.PageSize, result.HasMore));
    }
}
