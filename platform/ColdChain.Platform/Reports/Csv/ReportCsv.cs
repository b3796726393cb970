using System.Globalization;
using System.Text;
using ColdChain.Ingest.Storage;
using ColdChain.Platform.Reports.Building;
using ColdChain.Protocol.Telemetry;
using CsvHelper;
using CsvHelper.Configuration;

namespace ColdChain.Platform.Reports.Csv;

/// <summary>
/// The raw record as RFC 4180 CSV: a <c>#</c> header block (scope, period, profile limits, generator, verification id),
/// then one row per reading of every asset of the scope, oldest first per asset. Readings are read a day at a time and
/// written as they come, so a year of one-minute readings never sits in memory. UTF-8 with a BOM so spreadsheet
/// programs show Chinese names; numbers culture-independent.
/// </summary>
public static class ReportCsv
{
    public static readonly string[] Columns = ["time_utc", "time_local", "site", "asset", "sensor", "quantity", "value", "unit", "status", "calibration_certificate"];

    public static async Task WriteAsync(ReportContext context, ITelemetryStore store, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 64 * 1024, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            foreach (var line in HeaderBlock(context))
            {
                await writer.WriteAsync(("# " + line + "\r\n").AsMemory(), cancellationToken);
            }

            var configuration = new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n" };
            var csv = new CsvWriter(writer, configuration, leaveOpen: true);
            await using (csv.ConfigureAwait(false))
            {
                foreach (var column in Columns)
                {
                    csv.WriteField(column);
                }

                await csv.NextRecordAsync();
                await csv.FlushAsync();
            }

            // The rows, a few hundred thousand a month: formatted into one buffer, no string per field. Text fields
            // repeat a few values each; CsvHelper escapes each distinct one once, so the bytes are those it would write.
            var fields = new EscapedFields(configuration);
            var row = new char[512];
            foreach (var segment in context.Scope.Segments)
            {
                var site = fields.Of(context.AssetSites.GetValueOrDefault(segment.Asset, context.Scope.Site));
                await foreach (var r in ReadingPages.ReadAsync(store, segment.Asset, segment.From, segment.To, cancellationToken))
                {
                    var length = Row(context, fields, site, r, ref row);
                    await writer.WriteAsync(row.AsMemory(0, length), cancellationToken);
                }
            }
        }
    }

    private static int Row(ReportContext context, EscapedFields fields, string site, StoredReading r, ref char[] row)
    {
        while (true)
        {
            var span = row.AsSpan();
            var at = 0;
            if (r.Time.UtcDateTime.TryFormat(span, out var written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
                && Comma(span, ref at, written)
                && TimeZoneInfo.ConvertTime(r.Time, context.TimeZone).TryFormat(span[at..], out written, "yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture)
                && Comma(span, ref at, written)
                && Text(span, ref at, site)
                && Text(span, ref at, fields.Of(r.Asset))
                && Text(span, ref at, fields.Of(r.Sensor))
                && Text(span, ref at, fields.Of(r.Quantity.WireName()))
                && (r.Value is not { } value || value.TryFormat(span[at..], out written, "R", CultureInfo.InvariantCulture) && Advance(span, ref at, written))
                && Comma(span, ref at, 0)
                && Text(span, ref at, fields.Of(r.Quantity.CanonicalUnit()))
                && Text(span, ref at, fields.Of(r.Status.WireName()))
                && Last(span, ref at, fields.Of(r.Quantity == Quantity.Door ? string.Empty : context.CertificateAt(r.Sensor, r.Time)?.Number ?? "none")))
            {
                return at;
            }

            row = new char[row.Length * 2];
        }
    }

    private static bool Advance(Span<char> span, ref int at, int written)
    {
        at += written;
        return at <= span.Length;
    }

    private static bool Comma(Span<char> span, ref int at, int written)
    {
        at += written;
        if (at >= span.Length)
        {
            return false;
        }

        span[at++] = ',';
        return true;
    }

    private static bool Text(Span<char> span, ref int at, string escaped) =>
        escaped.TryCopyTo(span[at..]) && Comma(span, ref at, escaped.Length);

    private static bool Last(Span<char> span, ref int at, string escaped)
    {
        if (!escaped.TryCopyTo(span[at..]) || at + escaped.Length + 2 > span.Length)
        {
            return false;
        }

        at += escaped.Length;
        span[at++] = '\r';
        span[at++] = '\n';
        return true;
    }

    /// <summary>Each distinct text value as CsvHelper writes it (quoted and doubled quotes where RFC 4180 needs them).</summary>
    private sealed class EscapedFields(CsvConfiguration configuration)
    {
        private readonly Dictionary<string, string> _escaped = new(StringComparer.Ordinal);

        public string Of(string value)
        {
            if (_escaped.TryGetValue(value, out var escaped))
            {
                return escaped;
            }

            using var text = new StringWriter(CultureInfo.InvariantCulture);
            using (var csv = new CsvWriter(text, configuration, leaveOpen: true))
            {
                csv.WriteField(value);
                csv.Flush();
            }

            escaped = text.ToString();
            if (_escaped.Count < 10_000)
            {
                _escaped[value] = escaped;
            }

            return escaped;
        }
    }

    private static IEnumerable<string> HeaderBlock(ReportContext context)
    {
        var scope = context.Scope;
        var profile = context.Profile;
        yield return $"ColdChain temperature log; verification id {context.Issue.VerificationId}";
        yield return $"scope {scope.Kind.ToString().ToLowerInvariant()} {scope.Id} ({OneLine(scope.Title)}); site {scope.Site} ({OneLine(context.SiteName)}); time zone {context.TimeZone.Id}";
        yield return $"period {Utc(scope.From)} to {Utc(scope.To)} (from inclusive, to exclusive)";
        foreach (var segment in scope.Segments)
        {
            yield return $"custody {segment.Asset} ({OneLine(context.AssetNames.GetValueOrDefault(segment.Asset, segment.Asset))}) {Utc(segment.From)} to {Utc(segment.To)}";
        }

        yield return string.Create(CultureInfo.InvariantCulture,
            $"profile {profile.Id} ({OneLine(profile.Name)}); min {Limit(profile.Min)} C; max {Limit(profile.Max)} C; warning band {profile.WarningBand} C");
        yield return $"generated {Utc(context.Issue.GeneratedAt)} by {OneLine(context.Issue.GeneratedBy)}";
    }

    private static string Limit(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "none";

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
