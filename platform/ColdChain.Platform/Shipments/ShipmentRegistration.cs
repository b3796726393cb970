using System.Globalization;
using System.Text.Json;
using ColdChain.Platform.Data;
using ColdChain.Platform.Profiles;
using ColdChain.Platform.Shipments.Parties;
using ColdChain.Protocol.Codec;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Shipments;

public sealed record ShipmentRequest(string? Product, string? Profile, string? Sscc, IReadOnlyList<string>? Lots, IReadOnlyList<LegRequest>? Legs);

public sealed record LegRequest(string? Asset, string? Custodian, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>
/// Validates a registration and puts it in canonical form (trimmed text, UTC times at millisecond precision), so that
/// "the same body again" means the same facts, not the same bytes, and a difference can be named field by field.
/// </summary>
public static class ShipmentRegistration
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new UtcTimestampConverter() } };

    public static ShipmentRequest Canonical(ShipmentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ShipmentRequest(
            request.Product?.Trim(),
            request.Profile?.Trim(),
            string.IsNullOrWhiteSpace(request.Sscc) ? null : request.Sscc.Trim(),
            request.Lots?.Select(l => l.Trim()).Where(l => l.Length > 0).ToList() ?? [],
            request.Legs?.Select(l => new LegRequest(l.Asset?.Trim(), l.Custodian?.Trim(), Wire(l.From), Wire(l.To))).ToList() ?? []);
    }

    public static string Serialize(ShipmentRequest canonical) => JsonSerializer.Serialize(canonical, Json);

    public static ShipmentRequest Deserialize(string json) => JsonSerializer.Deserialize<ShipmentRequest>(json, Json) ?? throw new InvalidOperationException("empty registration");

    /// <summary>Every field where <paramref name="sent"/> differs from the registration on record, named as a JSON path with both values.</summary>
    public static List<string> Differences(ShipmentRequest registered, ShipmentRequest sent)
    {
        ArgumentNullException.ThrowIfNull(registered);
        ArgumentNullException.ThrowIfNull(sent);
        var differences = new List<string>();
        void Compare(string path, object? was, object? now)
        {
            var a = Show(was);
            var b = Show(now);
            if (a != b)
            {
                differences.Add($"{path}: registered {a}, sent {b}");
            }
        }

        Compare("product", registered.Product, sent.Product);
        Compare("profile", registered.Profile, sent.Profile);
        Compare("sscc", registered.Sscc, sent.Sscc);
        Compare("lots", string.Join(",", registered.Lots ?? []), string.Join(",", sent.Lots ?? []));
        var legsA = registered.Legs ?? [];
        var legsB = sent.Legs ?? [];
        if (legsA.Count != legsB.Count)
        {
            differences.Add($"legs: registered {legsA.Count} legs, sent {legsB.Count}");
        }

        for (var i = 0; i < Math.Min(legsA.Count, legsB.Count); i++)
        {
            Compare($"legs[{i}].asset", legsA[i].Asset, legsB[i].Asset);
            Compare($"legs[{i}].custodian", legsA[i].Custodian, legsB[i].Custodian);
            Compare($"legs[{i}].from", legsA[i].From, legsB[i].From);
            Compare($"legs[{i}].to", legsA[i].To, legsB[i].To);
        }

        return differences;
    }

    public static async Task<Dictionary<string, string[]>> ValidateAsync(string orderRef, ShipmentRequest r, PlatformDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(db);
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [message];
        if (!ShipmentIds.IsOrderRef(orderRef))
        {
            Add("orderRef", "letters, digits, '_', '.', '-', ':', at most 128 characters");
        }

        if (string.IsNullOrWhiteSpace(r.Product) || r.Product.Length > 500)
        {
            Add("product", "a product description of at most 500 characters is required");
        }

        if (string.IsNullOrEmpty(r.Profile) || !await db.Set<TemperatureProfile>().AnyAsync(p => p.Id == r.Profile, cancellationToken))
        {
            Add("profile", $"no temperature profile has the id '{r.Profile}'");
        }

        if (r.Sscc is not null && !ShipmentIds.IsSscc(r.Sscc))
        {
            Add("sscc", "an SSCC is 18 digits with a valid GS1 check digit");
        }

        if (r.Lots is { } lots && (lots.Count > 50 || lots.Any(l => l.Length > 64 || l.Contains(',', StringComparison.Ordinal))))
        {
            Add("lots", "at most 50 lot ids of at most 64 characters, without commas");
        }

        var legs = r.Legs ?? [];
        if (legs.Count == 0)
        {
            Add("legs", "at least one custody leg (asset, custodian, from) is required");
            return errors;
        }

        var assets = legs.Select(l => l.Asset).OfType<string>().Distinct().ToList();
        var known = await db.Assets.AsNoTracking().Where(a => assets.Contains(a.Id)).Select(a => a.Id).ToListAsync(cancellationToken);
        var parties = legs.Select(l => l.Custodian).OfType<string>().Distinct().ToList();
        var knownParties = await db.Set<CustodyParty>().AsNoTracking().Where(p => parties.Contains(p.Id)).Select(p => p.Id).ToListAsync(cancellationToken);
        for (var i = 0; i < legs.Count; i++)
        {
            var leg = legs[i];
            var path = string.Create(CultureInfo.InvariantCulture, $"legs[{i}]");
            if (leg.Asset is null || !known.Contains(leg.Asset))
            {
                Add($"{path}.asset", $"no asset has the id '{leg.Asset}'");
            }

            if (leg.Custodian is null || !knownParties.Contains(leg.Custodian))
            {
                Add($"{path}.custodian", $"no custody party has the id '{leg.Custodian}' (an administrator registers parties with PUT /api/parties/{{id}})");
            }

            if (leg.From is not { } from)
            {
                Add($"{path}.from", "when the leg began is required");
                continue;
            }

            if (from > now)
            {
                Add($"{path}.from", "a custody leg cannot begin in the future");
            }

            if (leg.To is { } to && to <= from)
            {
                Add($"{path}.to", "must be after 'from'");
            }

            if (leg.To is null && i < legs.Count - 1)
            {
                Add($"{path}.to", "only the last leg may be open");
            }

            if (i > 0 && legs[i - 1].To is { } previousEnd && from < previousEnd)
            {
                Add($"{path}.from", "legs may not overlap: this one begins before the previous one ended");
            }
        }

        return errors;
    }

    private static DateTimeOffset? Wire(DateTimeOffset? value) => value is { } v ? UtcTimestampConverter.ToWirePrecision(v.ToUniversalTime()) : null;

    private static string Show(object? value) => value switch
    {
        null => "none",
        DateTimeOffset t => UtcTimestampConverter.Format(t),
        _ => $"'{value}'",
    };
}
