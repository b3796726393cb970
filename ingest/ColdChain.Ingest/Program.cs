using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using ColdChain.Ingest;
using ColdChain.Ingest.Observability;
using ColdChain.Ingest.Storage;

// The standalone ingest worker (the production stack). The platform hosts the same pipeline in-process instead.
var builder = WebApplication.CreateSlimBuilder(args);

// ingest.json beside the binary, then COLDCHAIN_ environment variables (COLDCHAIN_Storage__Kind=Influx), then the
// command line: the later source wins.
builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "ingest.json"), optional: true, reloadOnChange: false);
builder.Configuration.AddEnvironmentVariables("COLDCHAIN_");
builder.Configuration.AddCommandLine(args);

// The only HTTP listener: /metrics and the health probes, on loopback unless Metrics:Url says otherwise.
var metricsUrl = builder.Configuration[$"{MetricsOptions.Section}:{nameof(MetricsOptions.Url)}"];
if (string.IsNullOrWhiteSpace(metricsUrl))
{
    metricsUrl = MetricsOptions.DefaultIngestUrl;
    builder.Configuration[$"{MetricsOptions.Section}:{nameof(MetricsOptions.Url)}"] = metricsUrl;
}

builder.WebHost.UseUrls(metricsUrl);
builder.Services.AddSystemd();
builder.Services.AddTelemetryStore(builder.Configuration);
builder.Services.AddIngest(builder.Configuration);
builder.Services.AddColdChainMetrics(builder.Configuration, "coldchain-ingest");

var app = builder.Build();
app.MapColdChainMetrics();
app.MapIngestProbes();
await app.RunAsync();
