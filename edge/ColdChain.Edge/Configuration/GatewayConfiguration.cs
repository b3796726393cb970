using ColdChain.Edge.Simulation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ColdChain.Edge.Configuration;

internal static class GatewayConfiguration
{
    public const string EnvironmentPrefix = "COLDCHAIN_";

    /// <summary>
    /// Sources, weakest first: the JSON file (<c>--config</c>, else <c>/etc/coldchain/gateway.json</c> if present),
    /// <c>COLDCHAIN_</c> environment variables (<c>COLDCHAIN_Gateway__Broker__Host</c>), the command line
    /// (<c>--Gateway:Broker:Host=…</c>). No appsettings.json: the platform references this project and has its own.
    /// </summary>
    public static void AddGatewaySources(this IConfigurationBuilder configuration, EdgeCommandLine command)
    {
        ArgumentNullException.ThrowIfNull(command);
        configuration.Sources.Clear();
        if (command.ConfigPath is { } path)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"the configuration file given by --config does not exist: {Path.GetFullPath(path)}", path);
            }

            configuration.AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false);
        }
        else
        {
            configuration.AddJsonFile(EdgeCommandLine.DefaultConfigPath, optional: true, reloadOnChange: false);
        }

        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        configuration.AddCommandLine([.. command.ConfigurationArgs]);
    }

    /// <summary>Binds and checks <c>Gateway</c> at start, and runs the configured gateway on simulated sensors.</summary>
    public static IServiceCollection AddSimulatedGateway(this IServiceCollection services)
    {
        services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.SectionName)
            .PostConfigure(o => o.ApplySimulationDefaults())
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services.AddSimulatedFleet(sp => sp.GetRequiredService<IOptions<GatewayOptions>>().Value.ToSimulatedFleet());
    }

    /// <summary>Binds and checks <c>Gateway</c> at start, and runs the configured sensors (see firmware-config/).</summary>
    public static IServiceCollection AddHardwareGateway(this IServiceCollection services)
    {
        services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.SectionName)
            .Validate(o => o.Sensors.Count > 0, "Gateway:Sensors is empty: configure the sensors (see firmware-config/) or run with --simulate")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Gateway.HardwareGatewayService>();
        services.AddHostedService(sp => sp.GetRequiredService<Gateway.HardwareGatewayService>());
        services.AddHostedService(sp => new Gateway.SystemdWatchdog(
            sp.GetService<Microsoft.Extensions.Hosting.Systemd.ISystemdNotifier>(), sp.GetRequiredService<Gateway.HardwareGatewayService>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
