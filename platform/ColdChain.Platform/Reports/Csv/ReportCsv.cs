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

            var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n" }, leaveOpen: true);
            await using (csv.ConfigureAwait(false))
            {
                foreach (var column in Columns)
                {
                    csv.WriteField(column);
                }

                await csv.NextRecordAsync();
                foreach (var segment in context.Scope.Segments)
                {
                    var site = context.AssetSites.GetValueOrDefault(segment.Asset, context.Scope.Site);
                    await foreach (var r in ReadingPages.ReadAsync(store, segment.Asset, segment.From, segment.To, cancellationToken))
                    {
                        csv.WriteField(r.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                        csv.WriteField(TimeZoneInfo.ConvertTime(r.Time, context.TimeZone).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture));
                        csv.WriteField(site);
                        csv.WriteField(r.Asset);
                        csv.WriteField(r.Sensor);
                        csv.WriteField(r.Quantity.WireName());
                        csv.WriteField(r.Value?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty);
                        csv.WriteField(r.Quantity.CanonicalUnit());
                        csv.WriteField(r.Status.WireName());
                        csv.WriteField(r.Quantity == Quantity.Door ? string.Empty : context.CertificateAt(r.Sensor, r.Time)?.Number ?? "none");
                        await csv.NextRecordAsync();
                    }
                }

                await csv.FlushAsync();
            }
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
