using ColdChain.Edge.Configuration;
using ColdChain.Edge.RemoteConfig;

// The gateway worker: real sensors from the config file, or simulated ones with --simulate; --validate-config FILE checks a config and exits.
var command = EdgeCommandLine.Parse(args);
if (command.ValidateConfigPath is { } file)
{
    return await ConfigValidatorCommand.RunAsync(file, Console.Out);
}

// A real gateway refuses to start on a config file that does not match the schema (the options' own checks follow at start).
if (!command.Simulate && await ConfigValidatorCommand.RefuseInvalidAsync(command.ConfigPath ?? EdgeCommandLine.DefaultConfigPath, Console.Error) is { } refused)
{
    return refused;
}

return await EdgeStartup.RunAsync(() =>
{
    var builder = Host.CreateApplicationBuilder();
    builder.Configuration.AddGatewaySources(command);
    builder.Services.AddSystemd();
    if (command.Simulate)
    {
        builder.Services.AddSimulatedGateway();
    }
    else
    {
        builder.Services.AddHardwareGateway();
    }

    return builder.Build();
});
