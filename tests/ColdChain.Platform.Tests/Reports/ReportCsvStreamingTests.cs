using ColdChain.Ingest.Storage;
using ColdChain.Platform.Reports;
using ColdChain.Platform.Reports.Building;
using ColdChain.Platform.Reports.Csv;
using ColdChain.Platform.Reports.Verification;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Platform.Tests.Reports;

/// <summary>A year of one-minute readings goes through the CSV writer without being held: live memory stays flat.</summary>
public sealed class ReportCsvStreamingTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task A_year_of_one_minute_readings_streams_with_flat_live_memory(CancellationToken cancellationToken)
    {
        var from = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var store = new GeneratedStore();
        var context = new ReportContext(
            new ReportScope(ReportScopeKind.Asset, "room-1", "Room 1", "site-1", [new CustodySegment("room-1", from, from.AddYears(1))]),
            "Site 1", TimeZoneInfo.Utc, new ReportProfile("chilled-0-4", "Chilled", 0, 4, 0.5),
            new ReportIssue(VerificationIds.New(), from.AddYears(1), "test", "en"),
            new Dictionary<string, string> { ["room-1"] = "Room 1" }, new Dictionary<string, string> { ["room-1"] = "site-1" },
            new Dictionary<string, IReadOnlyList<ColdChain.Platform.Sensors.CalibrationCertificate>>());
        var output = new CountingStream();
        var before = GC.GetTotalMemory(forceFullCollection: true);

        await ReportCsv.WriteAsync(context, store, output, cancellationToken);

        const int rows = 365 * 24 * 60;
        await TestContext.Out.WriteLineAsync($"{rows} rows, {output.Length / 1e6:0.0} MB written; live heap before {before / 1e6:0.0} MB, peak {store.PeakLiveBytes / 1e6:0.0} MB");
        Assert.Multiple(() =>
        {
            Assert.That(output.Lines, Is.EqualTo(rows + 1 + 6), "every reading, the column header and the header block");
            Assert.That(store.PeakLiveBytes - before, Is.LessThan(16_000_000), "live memory grows by at most a day's readings, not the year's (~100 MB as records)");
        });
    }

    /// <summary>Generates each day's readings on demand and samples the live heap as the writer asks for the next day.</summary>
    private sealed class GeneratedStore : ITelemetryStore
    {
        private int _queries;

        public long PeakLiveBytes { get; private set; }

        public Task WriteAsync(IReadOnlyCollection<StoredReading> readings, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> IsReadyAsync(CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<IReadOnlyList<StoredReading>> QueryAsync(ReadingQuery query, CancellationToken cancellationToken)
        {
            if (_queries++ % 30 == 0)
            {
                PeakLiveBytes = Math.Max(PeakLiveBytes, GC.GetTotalMemory(forceFullCollection: true));
            }

            var readings = new List<StoredReading>();
            for (var at = query.From; at < query.To; at = at.AddMinutes(1))
            {
                readings.Add(new StoredReading("site-1", "gw-1", query.Asset, "t1", Quantity.Temperature, at, 2.5 + Math.Sin(at.ToUnixTimeSeconds() / 3600.0), ReadingStatus.Ok));
            }

            return Task.FromResult<IReadOnlyList<StoredReading>>(readings);
        }
    }

    private sealed class CountingStream : Stream
    {
        private long _length;

        public long Lines { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _length += buffer.Length;
            Lines += buffer.Count((byte)'\n');
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }
    }
}
