using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ColdChain.Platform.Data;
using ColdChain.Platform.Shipments.Handovers;
using ColdChain.Platform.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ColdChain.Platform.Tests.Shipments;

[TestFixture]
[CancelAfter(180_000)]
public sealed class ConcurrentHandoverCheckTests
{
    private const int Concurrent = 6;

    [TestCase(Database.Sqlite)]
    [TestCase(Database.Postgres)]
    public async Task Simultaneous_checks_of_one_handover_become_one_chain_of_supersessions_with_a_single_current_check(Database database)
    {
        await using var s = await ShipmentScenario.StartAsync(database);
        await s.RegisterAsync();
        await s.WriteReadingsAsync("room-1", "room-1-t1", s.Start, s.Now, _ => 3.0);

        using var start = new SemaphoreSlim(0, Concurrent);
        var requests = Enumerable.Range(0, Concurrent).Select(async _ =>
        {
            await start.WaitAsync();
            using var response = await s.Platform.SendAsync(s.OrderPlatform, HttpMethod.Post, "/api/shipments/PO-1001/handover-checks", s.CheckRequest());
            return (response.StatusCode, Body: await response.Content.ReadFromJsonAsync<JsonElement>());
        }).ToList();
        start.Release(Concurrent);
        var answers = await Task.WhenAll(requests);
        var checks = await s.Platform.InScopeAsync(sp => sp.GetRequiredService<PlatformDbContext>().Set<HandoverCheck>().AsNoTracking().ToListAsync());

        Assert.That(answers.Select(a => a.StatusCode), Has.All.EqualTo(HttpStatusCode.Created), string.Join("\n", answers.Select(a => a.Body.ToString())));
        var first = checks.Single(c => c.Supersedes is null);
        var chain = new List<HandoverCheck> { first };
        while (chain[^1].SupersededBy is { } next)
        {
            chain.Add(checks.Single(c => c.Id == next));
        }

        Assert.Multiple(() =>
        {
            Assert.That(checks, Has.Count.EqualTo(Concurrent));
            Assert.That(checks.Count(c => c.SupersededBy is null), Is.EqualTo(1), "one current check");
            Assert.That(chain.Select(c => c.Id), Is.EquivalentTo(checks.Select(c => c.Id)), "every check in one chain, each superseding the one before");
            Assert.That(chain.Zip(chain.Skip(1)).All(p => p.Second.Supersedes == p.First.Id), Is.True, "links agree both ways");
            Assert.That(answers.Select(a => a.Body.GetProperty("id").GetString()), Is.EquivalentTo(checks.Select(c => c.Id.ToString())), "each caller got its own check");
        });
    }
}
