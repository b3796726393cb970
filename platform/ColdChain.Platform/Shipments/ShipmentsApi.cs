using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Profiles;
using ColdChain.Platform.Shipments.Handovers;
using ColdChain.Platform.Shipments.Parties;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Shipments;

public static class ShipmentsApi
{
    private const int MaxCheckAttempts = 8;

    public sealed record LegResponse(int Index, string Asset, string Custodian, DateTimeOffset From, DateTimeOffset? To, Guid? ClosedBy);

    public sealed record HandoverSummary(Guid Id, int LegIndex, DateTimeOffset HandoverAt, string FromParty, string ToParty, string Verdict, DateTimeOffset CheckedAt, Guid? SupersededBy, DateTimeOffset? CompletedAt);

    public sealed record ShipmentResponse(string OrderRef, string Product, string Profile, string? Sscc, IReadOnlyList<string> Lots, IReadOnlyList<LegResponse> Legs, DateTimeOffset RegisteredAt, IReadOnlyList<HandoverSummary> Handovers);

    public sealed record ProbeRequest(double? Value, string? ProbeId, DateTimeOffset? At);

    public sealed record HandoverCheckRequest(DateTimeOffset? At, string? Type, string? FromParty, string? ToParty, string? NextAsset, ProbeRequest? Probe);

    public static IEndpointRouteBuilder MapShipmentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/shipments").WithTags("Shipments");
        api.MapPut("/{orderRef}", PutAsync)
            .RequireAuthorization(Policies.WriteShipments)
            .WithName("PutShipment")
            .WithSummary("Registers a shipment (product, profile, SSCC/lots, custody legs). Idempotent: the same body again is 200 with the same shipment; a different body for a known reference is 409 naming each difference.");
        api.MapGet("/{orderRef}", GetAsync)
            .RequireAuthorization(Policies.ReadShipments)
            .WithName("GetShipment")
            .WithSummary("A shipment with its custody legs and its handover checks (current and superseded).");
        api.MapPost("/{orderRef}/handover-checks", CheckAsync)
            .RequireAuthorization(Policies.WriteShipments)
            .WithName("CheckHandover")
            .WithSummary("Was the cold chain intact up to this handover? A verdict (intact, breached, indeterminate) with reasons pointing at the evidence, per-leg statistics, the budget carried across legs and the product probe judged. A new check of the same handover supersedes the previous one and says what changed.");
        app.MapHandoversApi();
        app.MapPartiesApi();
        return app;
    }

    private static async Task<Results<Ok<ShipmentResponse>, Created<ShipmentResponse>, ValidationProblem, Conflict<ProblemDetailsBody>>> PutAsync(
        string orderRef, ShipmentRequest request, HttpContext context, PlatformDbContext db, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var canonical = ShipmentRegistration.Canonical(request);
        var existing = await Load(db, orderRef, cancellationToken);
        if (existing is not null)
        {
            var differences = ShipmentRegistration.Differences(ShipmentRegistration.Deserialize(existing.RegisteredBody), canonical);
            return differences.Count == 0
                ? TypedResults.Ok(await ResponseAsync(db, existing, cancellationToken))
                : TypedResults.Conflict(new ProblemDetailsBody("a different shipment has this order reference", string.Join("; ", differences)));
        }

        var errors = await ShipmentRegistration.ValidateAsync(orderRef, canonical, db, time.GetUtcNow(), cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "the shipment is not valid");
        }

        var actor = AuditActor.From(context);
        var shipment = new Shipment
        {
            Id = Guid.NewGuid(),
            OrderRef = orderRef,
            Product = canonical.Product!,
            Profile = canonical.Profile!,
            Sscc = canonical.Sscc,
            Lots = canonical.Lots is { Count: > 0 } lots ? string.Join(',', lots) : null,
            RegisteredBody = ShipmentRegistration.Serialize(canonical),
            RegisteredAt = time.GetUtcNow().UtcDateTime,
            RegisteredBy = actor.Name,
        };
        shipment.Legs.AddRange(canonical.Legs!.Select((l, i) => new CustodyLeg
        {
            Id = Guid.NewGuid(),
            ShipmentId = shipment.Id,
            Index = i,
            Asset = l.Asset!,
            Party = l.Custodian!,
            From = l.From!.Value.UtcDateTime,
            To = l.To?.UtcDateTime,
        }));
        db.Add(shipment);
        try
        {
            await audit.RecordAsync(db, actor, "shipment.register", "shipment", orderRef, newValues: canonical, cancellationToken: cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two registrations may have raced: if the other won, answer as a repeat would.
            db.ChangeTracker.Clear();
            if (!await db.Set<Shipment>().AsNoTracking().AnyAsync(s => s.OrderRef == orderRef, cancellationToken))
            {
                throw;
            }

            return await PutAsync(orderRef, request, context, db, audit, time, cancellationToken);
        }

        return TypedResults.Created($"/api/shipments/{orderRef}", await ResponseAsync(db, shipment, cancellationToken));
    }

    private static async Task<Results<Ok<ShipmentResponse>, NotFound<ProblemDetailsBody>>> GetAsync(string orderRef, PlatformDbContext db, CancellationToken cancellationToken) =>
        await Load(db, orderRef, cancellationToken) is { } shipment
            ? TypedResults.Ok(await ResponseAsync(db, shipment, cancellationToken))
            : TypedResults.NotFound(NoShipment(orderRef));

    /// <summary>
    /// Checks run one at a time per shipment across instances (<see cref="Shipment.Version"/>): one that loses the race
    /// starts again on what the winner saved, so it supersedes the winner's check instead of both being current.
    /// </summary>
    private static async Task<Results<Created<HandoversApi.HandoverResponse>, NotFound<ProblemDetailsBody>, ValidationProblem, Conflict<ProblemDetailsBody>>> CheckAsync(
        string orderRef, HandoverCheckRequest request, HttpContext context, PlatformDbContext db, HandoverChecks checks, TimeProvider time,
        IOptions<ShipmentsOptions> options, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await CheckOnceAsync(orderRef, request, context, db, checks, time, options, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < MaxCheckAttempts)
            {
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                return TypedResults.Conflict(new ProblemDetailsBody("the shipment kept changing", $"{MaxCheckAttempts} attempts met another check or signature of {orderRef} saving first; try again"));
            }
        }
    }

    private static async Task<Results<Created<HandoversApi.HandoverResponse>, NotFound<ProblemDetailsBody>, ValidationProblem, Conflict<ProblemDetailsBody>>> CheckOnceAsync(
        string orderRef, HandoverCheckRequest request, HttpContext context, PlatformDbContext db, HandoverChecks checks, TimeProvider time,
        IOptions<ShipmentsOptions> options, CancellationToken cancellationToken)
    {
        var shipment = await Load(db, orderRef, cancellationToken);
        if (shipment is null)
        {
            return TypedResults.NotFound(NoShipment(orderRef));
        }

        var open = shipment.Legs.SingleOrDefault(l => l.To is null);
        if (open is null)
        {
            return TypedResults.Conflict(new ProblemDetailsBody("no open custody leg", $"every leg of {orderRef} is closed: the goods were delivered"));
        }

        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [message];
        var now = time.GetUtcNow();
        if (request.At is not { } at)
        {
            Add("at", "the handover time is required");
        }
        else if (at.UtcDateTime <= open.From || at > now + options.Value.ClockTolerance)
        {
            Add("at", $"must lie after the open leg began ({open.From:O}) and not in the future");
        }

        if (request.Type is null || !HandoverTypes.All.Contains(request.Type, StringComparer.Ordinal))
        {
            Add("type", $"one of {string.Join(", ", HandoverTypes.All)}");
        }

        if (request.FromParty != open.Party)
        {
            Add("fromParty", $"the goods are in the custody of '{open.Party}' (leg {open.Index}); only that party hands them over");
        }

        if (string.IsNullOrEmpty(request.ToParty) || request.ToParty == request.FromParty || !await db.Set<CustodyParty>().AnyAsync(p => p.Id == request.ToParty, cancellationToken))
        {
            Add("toParty", $"no other custody party has the id '{request.ToParty}'");
        }

        if (request.NextAsset is not null && !await db.Assets.AnyAsync(a => a.Id == request.NextAsset, cancellationToken))
        {
            Add("nextAsset", $"no asset has the id '{request.NextAsset}'");
        }

        if (request.NextAsset is null && request.Type != "delivery")
        {
            Add("nextAsset", "the asset the goods go into is required, except for a delivery");
        }

        ProductProbe? probe = null;
        if (request.Probe is { } p)
        {
            if (p.Value is not { } value || !double.IsFinite(value) || value is < -100 or > 100)
            {
                Add("probe.value", "a product temperature in °C is required");
            }
            else if (string.IsNullOrWhiteSpace(p.ProbeId) || p.ProbeId.Length > 64)
            {
                Add("probe.probeId", "the probe's id (at most 64 characters) is required");
            }
            else if (p.At is not { } probeAt || probeAt > now + options.Value.ClockTolerance || probeAt.UtcDateTime < open.From)
            {
                Add("probe.at", "when the product was measured, during the open leg and not in the future");
            }
            else
            {
                probe = new ProductProbe(value, p.ProbeId, probeAt.ToUniversalTime());
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "the handover check request is not valid");
        }

        var profile = await db.Set<TemperatureProfile>().AsNoTracking().SingleAsync(x => x.Id == shipment.Profile, cancellationToken);
        var question = new HandoverQuestion(request.At!.Value.ToUniversalTime(), request.Type!, request.FromParty!, request.ToParty!, request.NextAsset, probe);
        var check = await checks.CheckAsync(shipment, profile, open, question, AuditActor.From(context), cancellationToken);
        return TypedResults.Created($"/api/handovers/{check.Id}", HandoversApi.Response(check, []));
    }

    internal static Task<Shipment?> Load(PlatformDbContext db, string orderRef, CancellationToken cancellationToken) =>
        db.Set<Shipment>().Include(s => s.Legs).SingleOrDefaultAsync(s => s.OrderRef == orderRef, cancellationToken);

    private static ProblemDetailsBody NoShipment(string orderRef) => new("unknown shipment", $"no shipment has the order reference '{orderRef}'");

    private static async Task<ShipmentResponse> ResponseAsync(PlatformDbContext db, Shipment shipment, CancellationToken cancellationToken)
    {
        var checks = await db.Set<HandoverCheck>().AsNoTracking().Where(c => c.ShipmentId == shipment.Id).OrderBy(c => c.CheckedAt).ToListAsync(cancellationToken);
        return new ShipmentResponse(
            shipment.OrderRef,
            shipment.Product,
            shipment.Profile,
            shipment.Sscc,
            shipment.Lots?.Split(',') ?? [],
            shipment.Legs.OrderBy(l => l.Index).Select(l => new LegResponse(l.Index, l.Asset, l.Party, Utc(l.From), l.To is { } to ? Utc(to) : null, l.ClosedBy)).ToList(),
            Utc(shipment.RegisteredAt),
            checks.Select(c => new HandoverSummary(c.Id, c.LegIndex, Utc(c.HandoverAt), c.FromParty, c.ToParty, c.Verdict, Utc(c.CheckedAt), c.SupersededBy, c.CompletedAt is { } done ? Utc(done) : null)).ToList());
    }

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
