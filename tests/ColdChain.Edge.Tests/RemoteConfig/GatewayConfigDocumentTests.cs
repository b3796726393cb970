using System.Text;
using System.Text.Json.Nodes;
using ColdChain.Edge.RemoteConfig;

namespace ColdChain.Edge.Tests.RemoteConfig;

/// <summary>The gateway config schema (firmware-config/gateway-config.schema.json) and the rules beyond it, on the committed examples.</summary>
public sealed class GatewayConfigDocumentTests
{
    private static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "firmware-config", "examples");

    [TestCase("cold-room.json")]
    [TestCase("truck.json")]
    public void The_example_configs_are_valid(string file)
    {
        var (options, problems) = GatewayConfigDocument.Read(File.ReadAllBytes(Path.Combine(Examples, file)));

        Assert.Multiple(() =>
        {
            Assert.That(problems, Is.Empty);
            Assert.That(options!.Sensors, Is.Not.Empty);
        });
    }

    [Test]
    public void The_simulator_example_is_valid_too()
    {
        Assert.That(GatewayConfigDocument.Read(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "gateway.example.json"))).Problems, Is.Empty);
    }

    [Test]
    public void A_misspelt_setting_is_named_by_the_schema_instead_of_being_silently_ignored()
    {
        var problems = Problems(c => c["Gateway"]!["Assets"]![0]!["MaxCelsus"] = 8);

        Assert.That(problems, Has.Some.Contains("/Gateway/Assets/0").And.Some.Contains("MaxCelsus"));
    }

    [Test]
    public void Under_GSP_a_sample_interval_above_one_minute_is_refused()
    {
        var problems = Problems(c => c["Gateway"]!["SampleInterval"] = "00:05:00");

        Assert.That(problems, Has.Some.Contains("GSP"));
    }

    [Test]
    public void Under_GSP_a_sensor_read_less_often_than_every_minute_is_refused()
    {
        var problems = Problems(c => c["Gateway"]!["Sensors"]![0]!["SampleInterval"] = "00:02:00");

        Assert.That(problems, Has.Some.Contains("Gateway:Sensors:0:SampleInterval").And.Some.Contains("GSP"));
    }

    [Test]
    public void A_per_sensor_sample_interval_must_look_like_a_duration()
    {
        var problems = Problems(c => c["Gateway"]!["Sensors"]![0]!["SampleInterval"] = "30s");

        Assert.That(problems, Has.Some.Contains("/Gateway/Sensors/0/SampleInterval"));
    }

    [Test]
    public void The_sampler_ticks_at_the_shortest_interval_a_sensor_needs()
    {
        var (options, problems) = GatewayConfigDocument.Read(File.ReadAllBytes(Path.Combine(Examples, "cold-room.json")));
        Assert.That(problems, Is.Empty);

        var plan = ColdChain.Edge.Configuration.GatewayPlans.Sampling(options!);

        Assert.Multiple(() =>
        {
            Assert.That(plan.SampleInterval, Is.EqualTo(TimeSpan.FromSeconds(15)), "the DS18B20's own interval");
            Assert.That(plan.SampleIntervals["cold-room-1-t2"], Is.EqualTo(TimeSpan.FromMinutes(1)));
            Assert.That(plan.SampleIntervals["cold-room-1-door"], Is.EqualTo(TimeSpan.FromSeconds(30)), "the gateway's default");
            Assert.That(plan.RecordIntervals["cold-room-1-h1"], Is.EqualTo(TimeSpan.FromMinutes(10)), "the SHT3x's humidity readings too");
        });
    }

    [Test]
    public void A_sensor_on_an_asset_that_is_not_configured_is_refused()
    {
        var problems = Problems(c => c["Gateway"]!["Sensors"]![0]!["Asset"] = "cold-room-9");

        Assert.That(problems, Has.Some.Contains("is not one of Gateway:Assets"));
    }

    [Test]
    public void A_calibration_without_its_certificate_is_refused()
    {
        var problems = Problems(c => c["Gateway"]!["Sensors"]![0]!["Calibration"]!.AsObject().Remove("CertificateId"));

        Assert.That(problems, Has.Some.Contains("CertificateId"));
    }

    [Test]
    public void The_validator_command_says_valid_or_lists_the_problems_with_an_exit_code()
    {
        using var folder = new TempFolder("coldchain-validate");
        var bad = folder.Combine("bad.json");
        File.WriteAllText(bad, """{ "Gateway": { "Site": "s", "GatewayId": "g", "Sensors": [ { "Id": "t1", "Kind": "Ds18b20", "Asset": "nowhere" } ] } }""");
        using var good = new StringWriter();
        using var wrong = new StringWriter();

        var goodCode = ConfigValidatorCommand.RunAsync(Path.Combine(Examples, "truck.json"), good).GetAwaiter().GetResult();
        var wrongCode = ConfigValidatorCommand.RunAsync(bad, wrong).GetAwaiter().GetResult();

        Assert.Multiple(() =>
        {
            Assert.That((goodCode, good.ToString()), Is.EqualTo((0, $"{Path.Combine(Examples, "truck.json")}: valid{Environment.NewLine}")));
            Assert.That(wrongCode, Is.EqualTo(2));
            Assert.That(wrong.ToString(), Does.Contain("Rom"));
        });
    }

    private static IReadOnlyList<string> Problems(Action<JsonNode> change)
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(Examples, "cold-room.json")))!;
        change(config);
        return GatewayConfigDocument.Read(Encoding.UTF8.GetBytes(config.ToJsonString())).Problems;
    }
}
