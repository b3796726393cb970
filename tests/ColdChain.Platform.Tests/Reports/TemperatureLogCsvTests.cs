using System.Globalization;
using System.Text;
using ColdChain.Platform.Reports.Csv;
using CsvHelper;
using CsvHelper.Configuration;

namespace ColdChain.Platform.Tests.Reports;

public sealed class TemperatureLogCsvTests
{
    [Test]
    public void Every_reading_is_one_row_with_an_invariant_number_whatever_the_server_culture()
    {
        var log = TemperatureLogPdfTests.SampleLog();
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var rows = ReadBack(Write(log));

            Assert.That(rows, Has.Count.EqualTo(log.Readings.Count));
            Assert.That(rows[0]["value_c"], Is.EqualTo("2.5"));
            Assert.That(rows[0]["time_local"], Is.EqualTo("2026-11-25T00:00:00.000+08:00"));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Test]
    public void A_fault_has_no_value_and_out_of_range_and_overdue_calibration_are_marked()
    {
        var log = TemperatureLogPdfTests.SampleLog();

        var rows = ReadBack(Write(log));

        var fault = rows.Single(r => r["status"] == "sensor_fault");
        Assert.Multiple(() =>
        {
            Assert.That(fault["value_c"], Is.Empty);
            Assert.That(rows.Count(r => r["out_of_range"] == "yes"), Is.EqualTo(log.Readings.Count(r => r.Value > log.High || r.Value < log.Low)));
            Assert.That(rows.Where(r => r["sensor"] == "cold-room-1-t1").Select(r => r["calibration_overdue"]).Distinct(), Is.EqualTo(new[] { "yes" }));
            Assert.That(rows.Where(r => r["sensor"] == "cold-room-1-t2").Select(r => r["calibration_overdue"]).Distinct(), Is.EqualTo(new[] { "no" }));
        });
    }

    [Test]
    public void The_file_starts_with_a_BOM_and_names_the_asset_in_Chinese()
    {
        var bytes = Write(TemperatureLogPdfTests.SampleLog());

        Assert.That(bytes.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
        Assert.That(Encoding.UTF8.GetString(bytes), Does.Contain("冷库一号").And.Contain("document sha256:abc123"));
    }

    private static byte[] Write(ColdChain.Platform.Reports.TemperatureLog log)
    {
        using var stream = new MemoryStream();
        TemperatureLogCsv.Write(log, stream);
        return stream.ToArray();
    }

    private static List<Dictionary<string, string>> ReadBack(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture) { AllowComments = true, Comment = '#' };
        using var csv = new CsvReader(reader, configuration);
        csv.Read();
        csv.ReadHeader();
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            rows.Add(TemperatureLogCsv.Columns.ToDictionary(c => c, c => csv.GetField(c)!));
        }

        return rows;
    }
}
