using ColdChain.Edge.Configuration;

// The gateway worker. This build runs simulated sensors only (--simulate); the real drivers, the durable outbox,
// cab alarms and remote configuration come with the edge gateway issue.
var command = EdgeCommandLine.Parse(args);
if (!command.Simulate)
{
    return await EdgeStartup.RefuseWithoutDriversAsync();
}

return await EdgeStartup.RunAsync(() =>
{
    var builder = Host.CreateApplicationBuilder();
    builder.Configuration.AddGatewaySources(command);
    builder.Services.AddSystemd();
    builder.Services.AddSimulatedGateway();
    return builder.Build();
});
