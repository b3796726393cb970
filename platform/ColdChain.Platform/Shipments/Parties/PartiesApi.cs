using System.Text.RegularExpressions;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Shipments.Parties;

/// <summary>
/// Custody parties and who signs for them. A party is an organisation; an administrator names its members by their
/// e-mail (the accounts must exist), because deciding who may sign for a company is access management.
/// </summary>
public static partial class PartiesApi
{
    public sealed record PartyRequest(string? Name, IReadOnlyList<string>? NotifyEmails, IReadOnlyList<string>? Members);

    public sealed record PartyResponse(string Id, string Name, IReadOnlyList<string> NotifyEmails, IReadOnlyList<string> Members);

    public static IEndpointRouteBuilder MapPartiesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/parties").WithTags("Shipments");
        api.MapGet("/", ListAsync)
            .RequireAuthorization(Policies.ReadShipments)
            .WithName("ListParties")
            .WithSummary("Custody parties with the people told of a breach and the members who sign for them.");
        api.MapPut("/{id}", PutAsync)
            .RequireAuthorization(Policies.ManageAccess)
            .WithName("PutParty")
            .WithSummary("Creates or changes a custody party: name, e-mail addresses for breach notices, members (user e-mails) who sign for it (Admin, audited).");
        return app;
    }

    private static async Task<Ok<List<PartyResponse>>> ListAsync(PlatformDbContext db, CancellationToken cancellationToken)
    {
        var parties = await db.Set<CustodyParty>().AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken);
        var members = await (from m in db.Set<PartyMember>().AsNoTracking()
                             join u in db.Users.AsNoTracking() on m.UserId equals u.Id
                             select new { m.Party, u.Email }).ToListAsync(cancellationToken);
        return TypedResults.Ok(parties.Select(p => new PartyResponse(p.Id, p.Name, p.NotifyEmails,
            members.Where(m => m.Party == p.Id).Select(m => m.Email ?? string.Empty).Order(StringComparer.Ordinal).ToList())).ToList());
    }

    private static async Task<Results<Ok<PartyResponse>, Created<PartyResponse>, ValidationProblem>> PutAsync(
        string id, PartyRequest request, HttpContext context, PlatformDbContext db, AuditTrail audit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!IdPattern().IsMatch(id))
        {
            errors["id"] = ["letters, digits, '_', '.', '-', at most 64 characters"];
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            errors["name"] = ["a name of at most 200 characters is required"];
        }

        var emails = request.NotifyEmails ?? [];
        if (emails.Any(e => !System.Net.Mail.MailAddress.TryCreate(e, out _)))
        {
            errors["notifyEmails"] = ["every entry must be an e-mail address"];
        }

        var memberEmails = (request.Members ?? []).Select(m => m.ToUpperInvariant()).ToList();
        var users = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail != null && memberEmails.Contains(u.NormalizedEmail)).Select(u => new { u.Id, u.NormalizedEmail }).ToListAsync(cancellationToken);
        var unknown = memberEmails.Except(users.Select(u => u.NormalizedEmail!)).ToList();
        if (unknown.Count > 0)
        {
            errors["members"] = [$"no account has the e-mail {string.Join(", ", unknown)}"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "the custody party is not valid");
        }

        var party = await db.Set<CustodyParty>().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        var before = party is null ? null : new { party.Name, NotifyEmails = party.NotifyEmails.ToList(), Members = await db.Set<PartyMember>().Where(m => m.Party == id).Select(m => m.UserId).ToListAsync(cancellationToken) };
        if (party is null)
        {
            party = new CustodyParty { Id = id };
            db.Add(party);
        }

        party.Name = request.Name!.Trim();
        party.NotifyEmails = [.. emails];
        db.RemoveRange(await db.Set<PartyMember>().Where(m => m.Party == id).ToListAsync(cancellationToken));
        db.AddRange(users.Select(u => new PartyMember { Party = id, UserId = u.Id }));
        await audit.RecordAsync(db, AuditActor.From(context), before is null ? "party.create" : "party.update", "party", id, before,
            new { party.Name, party.NotifyEmails, Members = users.Select(u => u.Id).ToList() }, cancellationToken: cancellationToken);
        var response = new PartyResponse(id, party.Name, party.NotifyEmails, (request.Members ?? []).ToList());
        return before is null ? TypedResults.Created($"/api/parties/{id}", response) : TypedResults.Ok(response);
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex IdPattern();
}
