using System.Net;
using ColdChain.Ingest.Storage;
using ColdChain.Ingest.Storage.Influx;
using ColdChain.Protocol.Telemetry;
using Microsoft.Extensions.Options;

namespace ColdChain.Ingest.Tests.Storage;

/// <summary>What the InfluxDB adapter puts on the wire, seen through a recording handler.</summary>
public sealed class InfluxHttpTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 15, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task A_token_is_sent_as_a_token_authorization_header()
    {
        var handler = new RecordingHandler();
        var store = Store(handler, new InfluxStoreOptions { Database = "db", Token = "s3cret", Username = "ignored" });

        await store.WriteAsync([Reading(0)], CancellationToken.None);

        Assert.That(handler.Requests.Select(r => r.Authorization), Is.All.EqualTo("Token s3cret"));
    }

    [Test]
    public async Task A_username_and_password_are_sent_as_basic_auth()
    {
        var handler = new RecordingHandler();
        var store = Store(handler, new InfluxStoreOptions { Database = "db", Username = "ingest", Password = "pa:ss" });

        await store.WriteAsync([Reading(0)], CancellationToken.None);

        Assert.That(handler.Requests.Select(r => r.Authorization), Is.All.EqualTo("Basic " + Convert.ToBase64String("ingest:pa:ss"u8.ToArray())));
    }

    [Test]
    public async Task Many_readings_go_in_a_few_write_requests()
    {
        var handler = new RecordingHandler();
        var store = Store(handler, new InfluxStoreOptions { Database = "cold chain", CreateDatabase = false, MaxLinesPerWrite = 5_000 });

        await store.WriteAsync(Enumerable.Range(0, 12_000).Select(Reading).ToList(), CancellationToken.None);

        var writes = handler.Requests.Where(r => r.Path == "/write").ToList();
        Assert.That(writes, Has.Count.EqualTo(3));
        Assert.That(writes.Sum(w => w.Body.Count(c => c == '\n')), Is.EqualTo(12_000));
        Assert.That(writes[0].Query, Is.EqualTo("?db=cold%20chain&precision=ms"));
    }

    [TestCase("http://influx.example:8086", null, true)]
    [TestCase("http://127.0.0.1:8086", null, false)]
    [TestCase("http://localhost:8086", null, false)]
    [TestCase("http://influx.example:8086", false, false)]
    [TestCase("http://127.0.0.1:8086", true, true)]
    public async Task Writes_are_gzipped_unless_the_database_is_on_this_machine_or_switched_off(string url, bool? gzip, bool gzipped)
    {
        var handler = new RecordingHandler();

        await Store(handler, new InfluxStoreOptions { Database = "db", CreateDatabase = false, Gzip = gzip }, new Uri(url)).WriteAsync([Reading(0)], CancellationToken.None);

        Assert.That(handler.Requests.Single().Gzipped, Is.EqualTo(gzipped));
        Assert.That(handler.Requests.Single().Body, Does.StartWith("temperature,"));
    }

    [Test]
    public void A_refused_write_fails_with_influxdb_s_reason()
    {
        var handler = new RecordingHandler { WriteStatus = HttpStatusCode.BadRequest, WriteBody = "{\"error\":\"field type conflict\"}" };
        var store = Store(handler, new InfluxStoreOptions { Database = "db", CreateDatabase = false });

        var error = Assert.ThrowsAsync<InfluxException>(() => store.WriteAsync([Reading(0)], CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("field type conflict"));
        Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task A_url_with_a_path_prefix_keeps_it()
    {
        var handler = new RecordingHandler();
        var store = new InfluxTelemetryStore(new HttpClient(handler), Options.Create(new InfluxStoreOptions { Url = new Uri("http://influx.test/proxy/influx"), Database = "db", CreateDatabase = false }));

        await store.WriteAsync([Reading(0)], CancellationToken.None);

        Assert.That(handler.Requests.Single().Path, Is.EqualTo("/proxy/influx/write"));
    }

    [Test]
    public async Task A_query_asks_for_message_pack_and_reads_json_from_a_server_that_does_not_speak_it()
    {
        var handler = new RecordingHandler
        {
            QueryBody = """{"results":[{"statement_id":0,"series":[{"name":"temperature","tags":{"gateway":"gw","sensor":"probe","site":"site"},"columns":["time","value","status"],"values":[[1768471200000,4.5,"ok"]]}]}]}""",
        };
        var store = Store(handler, new InfluxStoreOptions { Database = "db", CreateDatabase = false });

        var readings = await store.QueryAsync(new ReadingQuery("asset", T0, T0.AddHours(1)), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(handler.Requests.Single().Accept, Is.EqualTo("application/x-msgpack"));
            Assert.That(readings, Is.EqualTo(new[] { new StoredReading("site", "gw", "asset", "probe", Quantity.Temperature, T0, 4.5, ReadingStatus.Ok) }));
        });
    }

    private static InfluxTelemetryStore Store(RecordingHandler handler, InfluxStoreOptions options, Uri? url = null)
    {
        options.Url = url ?? new Uri("http://influx.test:8086");
        return new InfluxTelemetryStore(new HttpClient(handler), Options.Create(options));
    }

    private static StoredReading Reading(int i) =>
        new("site", "gw", "asset", "probe", Quantity.Temperature, T0.AddSeconds(i), i, ReadingStatus.Ok);

    private sealed record Recorded(string Path, string Query, string? Authorization, string Body)
    {
        public bool Gzipped { get; init; }

        public string Accept { get; init; } = string.Empty;
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<Recorded> Requests { get; } = [];

        public HttpStatusCode WriteStatus { get; init; } = HttpStatusCode.NoContent;

        public string WriteBody { get; init; } = string.Empty;

        public string QueryBody { get; init; } = "{\"results\":[{\"statement_id\":0}]}";

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? string.Empty : await Text(request.Content, cancellationToken);
            Requests.Add(new Recorded(request.RequestUri!.AbsolutePath, request.RequestUri.Query, request.Headers.Authorization?.ToString(), body)
            {
                Gzipped = request.Content?.Headers.ContentEncoding.Contains("gzip") == true,
                Accept = request.Headers.Accept.ToString(),
            });
            return request.RequestUri.AbsolutePath.EndsWith("/write", StringComparison.Ordinal)
                ? new HttpResponseMessage(WriteStatus) { Content = new StringContent(WriteBody) }
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(QueryBody, System.Text.Encoding.UTF8, "application/json") };
        }

        private static async Task<string> Text(HttpContent content, CancellationToken cancellationToken)
        {
            var bytes = await content.ReadAsByteArrayAsync(cancellationToken);
            if (!content.Headers.ContentEncoding.Contains("gzip"))
            {
                return System.Text.Encoding.UTF8.GetString(bytes);
            }

            using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            return await reader.ReadToEndAsync(cancellationToken);
        }
    }
}
