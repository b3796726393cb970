using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Shipments.Parties;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Shipments.Handovers;

/// <summary>
/// Electronic signatures on handover checks (21 CFR Part 11). The signer re-enters both components (e-mail and
/// password) on every signature, which satisfies §11.200 in and out of a continuous session; a wrong password counts
/// toward the account lockout like a failed login, and a lockout raises a security alert (§11.300). Only a member of
/// the party handing over signs <c>handed-over</c>, only a member of the receiving party signs <c>received</c> or
/// <c>received-with-reservation</c>. Once both have signed, the custody leg closes at the handover time and the next
/// leg opens in the receiving party's hands.
/// </summary>
public sealed partial class HandoverSigning(
    PlatformDbContext db,
    UserManager<PlatformUser> users,
    AuditTrail audit,
    TimeProvider time,
    ILogger<HandoverSigning> logger)
{
    public sealed record Outcome(int Status, HandoversApi.HandoverResponse? Handover = null, string? Title = null, string? Detail = null, Dictionary<string, string[]>? Errors = null);

    public async Task<Outcome> SignAsync(Guid id, HandoversApi.SignatureRequest request, HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var actor = AuditActor.From(context);
        var check = await db.Set<HandoverCheck>().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (check is null)
        {
            return new Outcome(StatusCodes.Status404NotFound, Title: "unknown handover", Detail: $"no handover check has the id '{id}'");
        }

        var errors = new Dictionary<string, string[]>();
        if (request.Meaning is null || !SignatureMeanings.All.Contains(request.Meaning, StringComparer.Ordinal))
        {
            errors["meaning"] = [$"one of {string.Join(", ", SignatureMeanings.All)}"];
        }
        else if (request.Meaning == SignatureMeanings.ReceivedWithReservation && string.IsNullOrWhiteSpace(request.Comment))
        {
            errors["comment"] = ["a reservation needs a comment saying what is reserved"];
        }

        if (request.Comment is { Length: > 2000 })
        {
            errors["comment"] = ["at most 2000 characters"];
        }

        if (string.IsNullOrEmpty(request.Email) || string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["a signature needs your e-mail and password, entered again"];
        }

        if (errors.Count > 0)
        {
            return new Outcome(StatusCodes.Status400BadRequest, Errors: errors);
        }

        var user = await users.FindByIdAsync(context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty);
        if (user is null || !string.Equals(user.Email, request.Email, StringComparison.OrdinalIgnoreCase) || !await PasswordMatchesAsync(user, request.Password!, actor, cancellationToken))
        {
            await RefuseAsync(actor, check, "wrong e-mail or password", cancellationToken);
            return new Outcome(StatusCodes.Status403Forbidden, Title: "signature refused", Detail: "the e-mail and password entered are not those of the signed-in person (or the account is locked)");
        }

        var refusal = await RefusalAsync(check, user, request.Meaning!, cancellationToken);
        if (refusal is { } r)
        {
            await RefuseAsync(actor, check, r.Detail!, cancellationToken);
            return r;
        }

        var signature = new HandoverSignature
        {
            Id = Guid.NewGuid(),
            CheckId = check.Id,
            UserId = user.Id,
            PrintedName = string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? user.Id : user.DisplayName,
            Email = user.Email ?? string.Empty,
            Party = request.Meaning == SignatureMeanings.HandedOver ? check.FromParty : check.ToParty,
            Meaning = request.Meaning!,
            Comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim(),
            SignedAt = AuditChain.Truncate(time.GetUtcNow()),
            DocumentSha256 = check.DocumentSha256,
        };
        signature.Binding = Bind(signature);
        db.Add(signature);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        List<HandoverSignature> signatures;
        try
        {
            // One at a time per shipment, with handover checks too (across instances): the shipment's version is taken
            // first, so the state read below is the one this signature commits against.
            await db.Set<Shipment>().Where(s => s.Id == check.ShipmentId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Version, x => x.Version + 1), cancellationToken);
            var state = await db.Set<HandoverCheck>().AsNoTracking().Where(c => c.Id == id).Select(c => new { c.SupersededBy, c.CompletedAt }).SingleAsync(cancellationToken);
            if (state.SupersededBy is not null || state.CompletedAt is not null)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                return new Outcome(StatusCodes.Status409Conflict, Title: state.SupersededBy is null ? "already complete" : "superseded",
                    Detail: state.SupersededBy is { } successor ? $"this check was superseded by {successor} while you signed: sign the current one" : "both parties have signed: the handover is immutable");
            }

            signatures = await db.Set<HandoverSignature>().AsNoTracking().Where(s => s.CheckId == id).ToListAsync(cancellationToken);
            signatures.Add(signature);
            var complete = signatures.Any(s => s.Meaning == SignatureMeanings.HandedOver) && signatures.Any(s => s.Meaning != SignatureMeanings.HandedOver);
            await audit.RecordAsync(db, actor, "handover.sign", "handover", check.Id.ToString(), newValues: new
            {
                signature.PrintedName,
                signature.Party,
                signature.Meaning,
                signature.Comment,
                signature.SignedAt,
                signature.DocumentSha256,
                signature.Binding,
            }, cancellationToken: cancellationToken);
            if (complete)
            {
                await CompleteAsync(check, actor, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            await audit.WriteHeadAsync(db, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique (check, user) index caught a second signature racing the first.
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            if (!await db.Set<HandoverSignature>().AsNoTracking().AnyAsync(s => s.CheckId == id && s.UserId == user.Id, cancellationToken))
            {
                throw;
            }

            return new Outcome(StatusCodes.Status409Conflict, Title: "already signed", Detail: "you have already signed this handover");
        }

        return new Outcome(StatusCodes.Status201Created, HandoversApi.Response(check, signatures));
    }

    /// <summary>SHA-256 over the document hash and everything the signature asserts: copying it onto another document, person, meaning or time breaks it (§11.70).</summary>
    public static string Bind(HandoverSignature s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var text = string.Join('\n', s.DocumentSha256, s.UserId, s.PrintedName, s.Party, s.Meaning, s.Comment ?? string.Empty,
            s.SignedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private async Task<Outcome?> RefusalAsync(HandoverCheck check, PlatformUser user, string meaning, CancellationToken cancellationToken)
    {
        if (check.SupersededBy is { } successor)
        {
            return new Outcome(StatusCodes.Status409Conflict, Title: "superseded", Detail: $"this check was superseded by {successor}: sign the current one");
        }

        if (check.CompletedAt is not null)
        {
            return new Outcome(StatusCodes.Status409Conflict, Title: "already complete", Detail: "both parties have signed: the handover is immutable");
        }

        if (HandoverDocument.Sha256(check.Document) != check.DocumentSha256)
        {
            LogTampered(check.Id);
            return new Outcome(StatusCodes.Status409Conflict, Title: "document does not match its hash", Detail: "the stored check document was altered after it was issued; it cannot be signed");
        }

        var party = meaning == SignatureMeanings.HandedOver ? check.FromParty : check.ToParty;
        if (!await db.Set<PartyMember>().AnyAsync(m => m.Party == party && m.UserId == user.Id, cancellationToken))
        {
            return new Outcome(StatusCodes.Status403Forbidden, Title: "wrong party",
                Detail: $"'{meaning}' is signed by a member of {party}; you are not one");
        }

        var existing = await db.Set<HandoverSignature>().AsNoTracking().Where(s => s.CheckId == check.Id).ToListAsync(cancellationToken);
        if (existing.Any(s => s.UserId == user.Id))
        {
            return new Outcome(StatusCodes.Status409Conflict, Title: "already signed", Detail: "you have already signed this handover; the other party must sign");
        }

        if (existing.Any(s => s.Party == party))
        {
            return new Outcome(StatusCodes.Status409Conflict, Title: "party already signed", Detail: $"{party} has already signed this handover");
        }

        return null;
    }

    private async Task<bool> PasswordMatchesAsync(PlatformUser user, string password, AuditActor actor, CancellationToken cancellationToken)
    {
        if (await users.IsLockedOutAsync(user))
        {
            return false;
        }

        if (await users.CheckPasswordAsync(user, password))
        {
            await users.ResetAccessFailedCountAsync(user);
            return true;
        }

        await users.AccessFailedAsync(user);
        if (await users.IsLockedOutAsync(user))
        {
            LogLockout(user.Email ?? user.Id);
            await audit.RecordAsync(db, AuditActor.System, SignInAudit.SecurityAlertAction, "user", user.Id,
                reason: $"repeated wrong passwords while signing a handover as '{user.Email}' from {actor.SourceAddress ?? "an unknown address"}: account locked", cancellationToken: cancellationToken);
        }

        return false;
    }

    private Task RefuseAsync(AuditActor actor, HandoverCheck check, string why, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return audit.RecordAsync(db, actor, "handover.sign-refused", "handover", check.Id.ToString(), reason: why, cancellationToken: cancellationToken);
    }

    private async Task CompleteAsync(HandoverCheck check, AuditActor actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        check.CompletedAt = now;
        var legs = await db.Set<CustodyLeg>().Where(l => l.ShipmentId == check.ShipmentId).ToListAsync(cancellationToken);
        var closing = legs.Single(l => l.Index == check.LegIndex);
        closing.To = check.HandoverAt;
        closing.ClosedBy = check.Id;
        await audit.RecordAsync(db, actor, "custody.leg-close", "shipment", check.OrderRef,
            newValues: new { leg = closing.Index, closing.Asset, closing.Party, closing.From, closing.To, handover = check.Id },
            reason: $"handover {check.Id} signed by both parties", cancellationToken: cancellationToken);
        if (check.NextAsset is { } asset)
        {
            var next = new CustodyLeg
            {
                Id = Guid.NewGuid(),
                ShipmentId = check.ShipmentId,
                Index = legs.Max(l => l.Index) + 1,
                Asset = asset,
                Party = check.ToParty,
                From = check.HandoverAt,
            };
            db.Add(next);
            await audit.RecordAsync(db, actor, "custody.leg-open", "shipment", check.OrderRef,
                newValues: new { leg = next.Index, next.Asset, next.Party, next.From, handover = check.Id }, cancellationToken: cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Handover check {Id}: the stored document no longer matches its SHA-256 (altered after issue)")]
    private partial void LogTampered(Guid id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SECURITY ALERT: account {Email} locked after wrong passwords while signing a handover")]
    private partial void LogLockout(string email);
}
