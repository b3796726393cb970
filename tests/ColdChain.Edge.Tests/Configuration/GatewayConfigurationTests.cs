using ColdChain.Edge.Configuration;
using ColdChain.Edge.Simulation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ColdChain.Edge.Tests.Configuration;

public sealed class GatewayConfigurationTests
{
    [Test]
    public void The_edge_switches_are_taken_out_before_the_command_line_configuration()
    {
        var command = EdgeCommandLine.Parse(["--simulate", "--config", "/tmp/gw.json", "--Gateway:Site=x"]);

        Assert.Multiple(() =>
        {
            Assert.That(command.Simulate, Is.True);
            Assert.That(command.ConfigPath, Is.EqualTo("/tmp/gw.json"));
            Assert.That(command.ConfigurationArgs, Is.EqualTo(new[] { "--Gateway:Site=x" }));
        });
    }

    [Test]
    public void The_config_file_is_overridden_by_COLDCHAIN_environment_variables_and_those_by_the_command_line()
    {
        using var folder = new TempFolder("coldchain-config");
        var file = folder.Combine("gateway.json");
        File.WriteAllText(file, """
            { "Gateway": { "Site": "from-file", "GatewayId": "gw-file", "Broker": { "Host": "10.0.0.5", "Port": 8883 },
              "SampleInterval": "00:00:30", "Simulation": { "Seed": 9, "Assets": [ { "AssetId": "freezer-9", "Kind": "Freezer" } ] } } }
            """);
        Environment.SetEnvironmentVariable("COLDCHAIN_Gateway__GatewayId", "gw-env");
        Environment.SetEnvironmentVariable("COLDCHAIN_Gateway__Broker__Port", "1884");
        try
        {
            var options = Bind(EdgeCommandLine.Parse(["--simulate", "--config", file, "--Gateway:Broker:Port=1885"]));
            var fleet = options.ToSimulatedFleet();

            Assert.Multiple(() =>
            {
                Assert.That(options.Site, Is.EqualTo("from-file"));
                Assert.That(options.GatewayId, Is.EqualTo("gw-env"));
                Assert.That(options.Broker.Host, Is.EqualTo("10.0.0.5"));
                Assert.That(options.Broker.Port, Is.EqualTo(1885));
                Assert.That(fleet.SampleInterval, Is.EqualTo(TimeSpan.FromSeconds(30)));
                Assert.That(fleet.Seed, Is.EqualTo(9));
                Assert.That(fleet.Gateways.Single().Assets.Single(), Is.EqualTo(new SimulatedAsset("freezer-9", "freezer-9", SimulatedAssetKind.Freezer)));
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable("COLDCHAIN_Gateway__GatewayId", null);
            Environment.SetEnvironmentVariable("COLDCHAIN_Gateway__Broker__Port", null);
        }
    }

    [Test]
    public void With_no_configuration_the_simulator_runs_a_cold_room_a_freezer_and_a_truck_against_a_local_broker()
    {
        var options = Bind(EdgeCommandLine.Parse(["--simulate"]));

        Assert.Multiple(() =>
        {
            Assert.That(options.Broker.Host, Is.EqualTo("127.0.0.1"));
            Assert.That(options.Broker.Port, Is.EqualTo(1883));
            Assert.That(options.Simulation.Assets.Select(a => a.Kind), Is.EqualTo(new[] { SimulatedAssetKind.ColdRoom, SimulatedAssetKind.Freezer, SimulatedAssetKind.Truck }));
        });
    }

    [Test]
    public void An_invalid_gateway_id_or_port_fails_with_a_message_naming_the_key()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            Bind(EdgeCommandLine.Parse(["--simulate", "--Gateway:GatewayId=gw/1", "--Gateway:Broker:Port=70000"])));

        Assert.That(error!.Failures, Has.Some.Contains("Gateway:GatewayId").And.Some.Contains("Gateway:Broker:Port 70000"));
    }

    [Test]
    public void A_missing_config_file_given_by_the_command_line_is_an_error_not_a_silent_default()
    {
        var builder = new ConfigurationManager();

        Assert.That(() => builder.AddGatewaySources(EdgeCommandLine.Parse(["--simulate", "--config", "/nonexistent/gateway.json"])),
            Throws.InstanceOf<FileNotFoundException>());
    }

    [Test]
    public void The_example_config_file_is_valid()
    {
        var example = Path.Combine(TestContext.CurrentContext.TestDirectory, "gateway.example.json");

        var options = Bind(EdgeCommandLine.Parse(["--simulate", "--config", example]));

        Assert.That(options.GatewayId, Is.Not.Null);
    }

    private static GatewayOptions Bind(EdgeCommandLine command)
    {
        var configuration = new ConfigurationManager();
        configuration.AddGatewaySources(command);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSimulatedGateway();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<GatewayOptions>>().Value;
    }
}
