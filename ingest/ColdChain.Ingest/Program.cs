using ColdChain.Ingest;
using ColdChain.Ingest.Storage;

// The standalone ingest worker (the production stack). The platform hosts the same pipeline in-process instead.
var builder = Host.CreateApplicationBuilder(args);

// ingest.json beside the binary, then COLDCHAIN_ environment variables (COLDCHAIN_Storage__Kind=Influx), then the
// command line: the later source wins.
builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "ingest.json"), optional: true, reloadOnChange: false);
builder.Configuration.AddEnvironmentVariables("COLDCHAIN_");
builder.Configuration.AddCommandLine(args);

builder.Services.AddSystemd();
builder.Services.AddTelemetryStore(builder.Configuration);
builder.Services.AddIngest(builder.Configuration);

await builder.Build().RunAsync();
