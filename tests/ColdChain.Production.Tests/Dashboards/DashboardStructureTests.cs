using System.Text.RegularExpressions;

namespace ColdChain.Production.Tests.Dashboards;

public sealed partial class DashboardStructureTests
{
    public static IEnumerable<string> Dashboards => DashboardFiles.Names;

    [Test]
    public void Dashboards_have_fixed_unique_uids()
    {
        var uids = DashboardFiles.Names.Select(n => DashboardFiles.Load(n)["uid"]?.GetValue<string>()).ToList();

        Assert.That(uids, Has.None.Null.And.All.StartWith("cc-"));
        Assert.That(uids, Is.Unique);
    }

    [TestCaseSource(nameof(Dashboards))]
    public void Every_panel_reads_the_provisioned_datasource(string dashboard)
    {
        var panels = DashboardFiles.Load(dashboard)["panels"]!.AsArray();

        Assert.That(panels.Select(p => p!["datasource"]!["uid"]!.GetValue<string>()), Has.All.EqualTo("coldchain-influx"));
        Assert.That(File.ReadAllText(Path.Combine(DashboardFiles.Folder, "provisioning", "datasources", "coldchain-influxdb.yml")), Does.Contain("uid: coldchain-influx"));
    }

    [TestCaseSource(nameof(Dashboards))]
    public void Time_bucketed_queries_keep_gaps_as_gaps(string dashboard)
    {
        foreach (var (panel, query) in DashboardFiles.PanelQueries(DashboardFiles.Load(dashboard)).Where(q => q.Query.Contains("GROUP BY time(", StringComparison.Ordinal)))
        {
            // Values are never interpolated across a gap; only counts (coverage) may read an empty bucket as zero.
            var isCount = query.StartsWith("SELECT count(", StringComparison.Ordinal);
            Assert.That(query, Does.EndWith(isCount ? "fill(0)" : "fill(null)"), $"{dashboard} / {panel}");
        }
    }

    [TestCaseSource(nameof(Dashboards))]
    public void Panel_queries_are_bounded_by_the_dashboard_time_range(string dashboard)
    {
        foreach (var (panel, query) in DashboardFiles.PanelQueries(DashboardFiles.Load(dashboard)))
        {
            Assert.That(TimeFilter().IsMatch(query), Is.True, $"{dashboard} / {panel} reads without $timeFilter: {query}");
        }
    }

    [GeneratedRegex(@"\$timeFilter")]
    private static partial Regex TimeFilter();
}
