using System.Globalization;
using System.Text;
using ColdChain.Ingest.Storage;
using ColdChain.Platform.Reports;
using ColdChain.Platform.Reports.Building;
using ColdChain.Platform.Reports.Csv;
using ColdChain.Platform.Sensors;
using ColdChain.Protocol.Telemetry;
using CsvHelper;
using CsvHelper.Configuration;

namespace ColdChain.Platform.Tests.Reports;

/// <summary>The CSV rows are formatted without CsvHelper's per-field path: they must still be exactly what CsvHelper writes.</summary>
public sealed class ReportCsvRowsTests
{
    private static readonly DateTimeOffset From = new(2026, 3, 28, 22, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Rows_are_byte_for_byte_what_CsvHelper_writes_field_by_field_for_awkward_names_values_and_a_time_zone_change()
    {
        StoredReading[] readings =
        [
            new("site, \"north\"", "gw", "room \"7\", bay=2 冷库", " probe 1 ", Quantity.Temperature, From.AddMinutes(59).AddMilliseconds(7), -18.000000000000004, ReadingStatus.Ok),
            new("site", "gw", "room \"7\", bay=2 冷库", "probe\r\n2", Quantity.Temperature, From.AddHours(3), null, ReadingStatus.SensorFault),
            new("site", "gw", "room \"7\", bay=2 冷库", "door-1", Quantity.Door, From.AddHours(4), 1, ReadingStatus.Ok),
            new("site", "gw", "room \"7\", bay=2 冷库", " probe 1 ", Quantity.Temperature, From.AddHours(5), 1e-7, ReadingStatus.OutOfRange),
        ];
        var asset = readings[0].Asset;
        var context = new ReportContext(
            new ReportScope(ReportScopeKind.Asset, asset, "Room", "site-1", [new CustodySegment(asset, From, From.AddDays(1))]),
            "Site 1", TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), new ReportProfile("chilled-0-4", "Chilled", 0, 4, 0.5),
            new ReportIssue("VERIFY-1", From.AddDays(1), "test", "en"),
            new Dictionary<string, string> { [asset] = "Room" }, new Dictionary<string, string> { [asset] = "Hall, \"A\"" },
            new Dictionary<string, IReadOnlyList<CalibrationCertificate>>
            {
                [" probe 1 "] = [new CalibrationCertificate { Id = "c1", Sensor = " probe 1 ", Number = "CAL,\"1\"", CalibratedOn = From.AddHours(-1).UtcDateTime, DueOn = From.AddHours(4).UtcDateTime, Reference = "Lab" }],
            });
        using var output = new MemoryStream();

        await ReportCsv.WriteAsync(context, new FixedStore(readings), output, CancellationToken.None);

        var rows = Encoding.UTF8.GetString(output.ToArray()).Split("\r\n").SkipWhile(l => l.StartsWith("\uFEFF#", StringComparison.Ordinal) || l.StartsWith('#')).Skip(1);
        Assert.That(string.Join("\r\n", rows), Is.EqualTo(FieldByField(context, readings) + "\r\n" + string.Empty));
    }

    /// <summary>The rows as the writer made them before: CsvHelper, one string per field.</summary>
    private static string FieldByField(ReportContext context, IEnumerable<StoredReading> readings)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n" }))
        {
            foreach (var r in readings)
            {
                csv.WriteField(r.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                csv.WriteField(TimeZoneInfo.ConvertTime(r.Time, context.TimeZone).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture));
                csv.WriteField(context.AssetSites[r.Asset]);
                csv.WriteField(r.Asset);
                csv.WriteField(r.Sensor);
                csv.WriteField(r.Quantity.WireName());
                csv.WriteField(r.Value?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty);
                csv.WriteField(r.Quantity.CanonicalUnit());
                csv.WriteField(r.Status.WireName());
                csv.WriteField(r.Quantity == Quantity.Door ? string.Empty : context.CertificateAt(r.Sensor, r.Time)?.Number ?? "none");
                csv.NextRecord();
            }
        }

        return text.ToString().TrimEnd('\r', '\n');
    }

    private sealed class FixedStore(IReadOnlyList<StoredReading> readings) : ITelemetryStore
    {
        public Task WriteAsync(IReadOnlyCollection<StoredReading> batch, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> IsReadyAsync(CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<IReadOnlyList<StoredReading>> QueryAsync(ReadingQuery query, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<StoredReading>>([.. readings.Where(r => r.Asset == query.Asset && r.Time >= query.From && r.Time < query.To)]);
    }
}
