using ColdChain.Platform.Alarms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Tests.Alarms;

/// <summary><c>Alarms:Subscription</c>: the right default per way of running, and the wrong choice refused at start.</summary>
[TestFixture]
public sealed class AlarmSubscriptionOptionTests
{
    [Test]
    public async Task The_embedded_broker_gets_a_plain_subscription_by_default()
    {
        var (subscription, _) = await ResolveAsync();

        Assert.That(subscription, Is.EqualTo(AlarmSubscription.Plain));
    }

    [Test]
    public async Task An_external_broker_gets_the_subscription_behind_ingest_by_default()
    {
        var (subscription, _) = await ResolveAsync("--Embedded:Broker:Enabled=false");

        Assert.That(subscription, Is.EqualTo(AlarmSubscription.SharedAfterIngest));
    }

    [Test]
    public async Task A_shared_subscription_on_the_embedded_broker_is_refused_at_start()
    {
        var (_, error) = await ResolveAsync("--Alarms:Subscription=SharedAfterIngest");

        Assert.That(error, Does.Contain("Alarms:Subscription=SharedAfterIngest needs an external broker"));
    }

    [Test]
    public async Task A_client_id_that_cannot_name_a_share_group_is_refused_at_start()
    {
        var (_, error) = await ResolveAsync("--Embedded:Broker:Enabled=false", "--Alarms:ClientId=platform/alarms");

        Assert.That(error, Does.Contain("Alarms:ClientId names the monitor's share group"));
    }

    private static async Task<(AlarmSubscription? Subscription, string? Error)> ResolveAsync(params string[] args)
    {
        using var data = new TempFolder("coldchain-alarm-options");
        var app = PlatformApp.Create([.. args, $"--DataDirectory={data.Path}", "--urls=http://127.0.0.1:0"]);
        try
        {
            return (app.Services.GetRequiredService<IOptions<AlarmOptions>>().Value.Subscription, null);
        }
        catch (OptionsValidationException e)
        {
            return (null, e.Message);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
