using System.Globalization;
using System.Text;
using ColdChain.Protocol.Telemetry;
using CsvHelper;
using CsvHelper.Configuration;

namespace ColdChain.Platform.Reports.Csv;

/// <summary>
/// The temperature log as CSV for auditors' tools: a few <c>#</c> lines naming the asset, period, profile and document,
/// then one row per reading with UTC and site-local times, the value as a culture-independent number, its status, and
/// whether it was out of range or taken by a sensor overdue for calibration. UTF-8 with a BOM so spreadsheet programs
/// show Chinese names.
/// </summary>
public static class TemperatureLogCsv
{
    public static readonly string[] Columns = ["time_utc", "time_local", "sensor", "value_c", "status", "out_of_range", "calibration_overdue"];

    public static void Write(TemperatureLog log, Stream output)
    {
        ArgumentNullException.ThrowIfNull(log);
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        foreach (var line in Preamble(log))
        {
            writer.WriteLine("# " + line);
        }

        using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture));
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }

        csv.NextRecord();
        var overdue = log.Sensors.Where(s => s.CalibrationOverdue).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var r in log.Readings)
        {
            csv.WriteField(r.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            csv.WriteField(TimeZoneInfo.ConvertTime(r.At, log.TimeZone).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture));
            csv.WriteField(r.Sensor);
            csv.WriteField(r.Value?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty);
            csv.WriteField(r.Status.WireName());
            csv.WriteField(r.Value is { } v && (v < log.Low || v > log.High) ? "yes" : "no");
            csv.WriteField(overdue.Contains(r.Sensor) ? "yes" : "no");
            csv.NextRecord();
        }
    }

    private static IEnumerable<string> Preamble(TemperatureLog log)
    {
        var s = log.Summary;
        yield return $"ColdChain temperature log, document {log.DocumentId}";
        yield return $"asset {log.AssetId} ({log.AssetName}), site {log.Site}, time zone {log.TimeZone.Id}";
        yield return string.Create(CultureInfo.InvariantCulture, $"period {log.From.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} to {log.To.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}, profile {log.ProfileName} {log.Low}..{log.High} C");
        yield return string.Create(CultureInfo.InvariantCulture, $"min {s.Min} max {s.Max} mean {s.Mean:0.##} MKT {s.Mkt:0.##} C, out of range {s.TimeOutOfRange.TotalMinutes:0} min, coverage {s.CoveragePercent:0.0} %");
        yield return $"generated {log.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} by {log.GeneratedBy}";
    }
}
