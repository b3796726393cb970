using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Shipments.Handovers;
using ColdChain.Platform.Shipments.Parties;
using ColdChain.Protocol.Codec;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ColdChain.Platform.Web;

/// <summary>
/// One handover check: the verdict with its reasons, each leg's statistics, excursions, coverage and gaps, the budget
/// carried across legs, what a superseding check changed, the signatures, and the signing form. Signing goes through
/// <see cref="HandoverSigning"/> (the same rules as <c>POST /api/handovers/{id}/signatures</c>): e-mail and password
/// entered again on every signature, a meaning, a comment for a reservation.
/// </summary>
[Authorize(Policy = Policies.SignHandovers)]
public sealed class HandoverModel(PlatformDbContext db, HandoverSigning signing, IStringLocalizer<Strings> text) : PageModel
{
    private static readonly JsonSerializerOptions DocumentJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new UtcTimestampConverter(), new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public HandoverCheck Check { get; private set; } = null!;

    public HandoverDocument Document { get; private set; } = null!;

    /// <summary>The document of the check this one supersedes: the reasons it resolved are worded from it.</summary>
    public HandoverDocument? PreviousDocument { get; private set; }

    public bool DocumentIntact { get; private set; }

    public IReadOnlyList<HandoversApi.SignatureResponse> Signatures { get; private set; } = [];

    public IReadOnlyDictionary<string, string> PartyNames { get; private set; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> AssetNames { get; private set; } = new Dictionary<string, string>();

    /// <summary>The time zone of the leg this handover ends (its asset's site): the handover's own times are shown there.</summary>
    public string TimeZone { get; private set; } = "UTC";

    /// <summary>Each asset's site time zone: a leg's times are shown where that leg happened.</summary>
    public IReadOnlyDictionary<string, string> AssetZones { get; private set; } = new Dictionary<string, string>();

    /// <summary>The meanings the signed-in person may sign now (their party's side, not signed yet).</summary>
    public IReadOnlyList<string> Meanings { get; private set; } = [];

    /// <summary>Why there is no signing form, when there is none.</summary>
    public string? NoSigning { get; private set; }

    public string? Error { get; private set; }

    public bool JustSigned { get; private set; }

    [BindProperty]
    [Display(Name = "E-mail")]
    public string? Email { get; set; }

    [BindProperty]
    [DataType(DataType.Password)]
    [Display(Name = "Password")]
    public string? Password { get; set; }

    [BindProperty]
    public string? Meaning { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, bool signed, CancellationToken cancellationToken)
    {
        JustSigned = signed;
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var check = await db.Set<HandoverCheck>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (check is null || !await ShipmentVisibility.MayReadCheckAsync(db, User, check, cancellationToken))
        {
            return NotFound();
        }

        var outcome = await signing.SignAsync(id, new HandoversApi.SignatureRequest(Email, Password, Meaning, Comment), HttpContext, cancellationToken);
        if (outcome.Status == StatusCodes.Status201Created)
        {
            return Redirect($"/handovers/{id}?signed=true");
        }

        foreach (var (field, messages) in outcome.Errors ?? [])
        {
            var key = field switch { "meaning" => nameof(Meaning), "comment" => nameof(Comment), "password" => nameof(Password), _ => field };
            foreach (var message in messages)
            {
                ModelState.AddModelError(key, FieldMessage(field, message));
            }
        }

        Error = outcome.Status switch
        {
            StatusCodes.Status400BadRequest => text["The signature is incomplete: see the fields below."],
            StatusCodes.Status403Forbidden when outcome.Title == "signature refused" => text["Signature refused: the e-mail and password entered are not those of the signed-in person (or the account is locked)."],
            _ => text["Signature refused: {0}", RefusalReason(outcome)],
        };
        Password = null;
        await LoadAsync(id, cancellationToken);
        return Page();
    }

    public string Party(string id) => PartyNames.GetValueOrDefault(id) ?? id;

    public string AssetName(string id) => AssetNames.GetValueOrDefault(id) ?? id;

    public string ZoneOf(string? asset) => asset is null ? "UTC" : AssetZones.GetValueOrDefault(asset) ?? "UTC";

    private string FieldMessage(string field, string message) => field switch
    {
        "password" => text["Enter your e-mail and password again to sign."],
        "comment" when message.Contains("reservation", StringComparison.Ordinal) => text["Say what is reserved in the comment."],
        "comment" => text["The comment may have at most 2000 characters."],
        "meaning" => text["Choose what your signature means."],
        _ => message,
    };

    /// <summary>The signing service's refusal (a ProblemDetails title, English) in the reader's language; an unknown one as given.</summary>
    private string RefusalReason(HandoverSigning.Outcome outcome) => outcome.Title switch
    {
        "already signed" => text["you have already signed this handover."],
        "party already signed" => text["your party has already signed this handover."],
        "superseded" => text["this check was superseded while you signed: sign the current one."],
        "already complete" => text["both parties have signed: the handover can no longer change."],
        "document does not match its hash" => text["the stored check document was altered after it was issued; it cannot be signed."],
        "wrong party" => text["you are not a member of the party that signs this meaning."],
        "unknown handover" => text["this handover check does not exist."],
        _ => outcome.Detail ?? outcome.Title ?? outcome.Status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var check = await db.Set<HandoverCheck>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (check is null || !await ShipmentVisibility.MayReadCheckAsync(db, User, check, cancellationToken))
        {
            return false;
        }

        Check = check;
        Document = JsonSerializer.Deserialize<HandoverDocument>(check.Document, DocumentJson)
            ?? throw new InvalidOperationException($"handover check {id} has no document");
        var previousId = Document.Supersedes?.Id;
        var previous = previousId is null ? null : await db.Set<HandoverCheck>().AsNoTracking().Where(c => c.Id == previousId).Select(c => c.Document).SingleOrDefaultAsync(cancellationToken);
        PreviousDocument = previous is null ? null : JsonSerializer.Deserialize<HandoverDocument>(previous, DocumentJson);
        var signatures = await db.Set<HandoverSignature>().AsNoTracking().Where(s => s.CheckId == id).OrderBy(s => s.SignedAt).ToListAsync(cancellationToken);
        var response = HandoversApi.Response(check, signatures);
        DocumentIntact = response.DocumentIntact;
        Signatures = response.Signatures;
        PartyNames = await db.Set<CustodyParty>().AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, StringComparer.Ordinal, cancellationToken);
        var assetIds = Document.Legs.Select(l => l.Asset).Append(check.NextAsset).OfType<string>().Distinct().ToList();
        var assets = await db.Assets.AsNoTracking().Where(a => assetIds.Contains(a.Id)).ToListAsync(cancellationToken);
        AssetNames = assets.ToDictionary(a => a.Id, a => a.Name, StringComparer.Ordinal);
        var siteIds = assets.Select(a => a.Site).Distinct().ToList();
        var zones = await db.Sites.AsNoTracking().Where(s => siteIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.TimeZone, StringComparer.Ordinal, cancellationToken);
        AssetZones = assets.ToDictionary(a => a.Id, a => zones.GetValueOrDefault(a.Site) ?? "UTC", StringComparer.Ordinal);
        TimeZone = ZoneOf(Document.Legs.FirstOrDefault(l => l.Index == check.LegIndex)?.Asset);
        await DecideSigningAsync(signatures, cancellationToken);
        return true;
    }

    private async Task DecideSigningAsync(List<HandoverSignature> signatures, CancellationToken cancellationToken)
    {
        if (Check.SupersededBy is not null)
        {
            NoSigning = text["This check was superseded: sign the current one."];
            return;
        }

        if (Check.CompletedAt is not null)
        {
            NoSigning = text["Both parties have signed: the handover is complete and can no longer change."];
            return;
        }

        if (!DocumentIntact)
        {
            NoSigning = text["The stored document no longer matches its hash: it cannot be signed."];
            return;
        }

        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var mine = await ShipmentVisibility.PartiesOfAsync(db, User, cancellationToken);
        if (signatures.Any(s => s.UserId == userId))
        {
            NoSigning = text["You have signed this handover; the other party signs next."];
            return;
        }

        var meanings = new List<string>();
        if (mine.Contains(Check.FromParty) && !signatures.Any(s => s.Party == Check.FromParty))
        {
            meanings.Add(SignatureMeanings.HandedOver);
        }

        if (mine.Contains(Check.ToParty) && !signatures.Any(s => s.Party == Check.ToParty))
        {
            meanings.Add(SignatureMeanings.Received);
            meanings.Add(SignatureMeanings.ReceivedWithReservation);
        }

        Meanings = meanings;
        if (meanings.Count == 0)
        {
            NoSigning = text["Only a member of {0} or {1} who has not signed yet signs this handover.", Party(Check.FromParty), Party(Check.ToParty)];
        }
    }
}
