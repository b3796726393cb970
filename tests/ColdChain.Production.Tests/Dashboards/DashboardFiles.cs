using System.Text.Json.Nodes;

namespace ColdChain.Production.Tests.Dashboards;

/// <summary>The committed dashboards and the InfluxQL of every panel and template variable in them.</summary>
internal static class DashboardFiles
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "dashboards");

    public static IEnumerable<string> Names =>
        Directory.EnumerateFiles(Path.Combine(Folder, "json"), "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    public static JsonObject Load(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "json", name + ".json")))!.AsObject();

    public static IEnumerable<(string Panel, string Query)> PanelQueries(JsonObject dashboard) =>
        from panel in dashboard["panels"]!.AsArray()
        from target in panel!["targets"]!.AsArray()
        select (panel["title"]!.GetValue<string>(), target!["query"]!.GetValue<string>());

    public static IEnumerable<(string Variable, string Query)> VariableQueries(JsonObject dashboard) =>
        from variable in dashboard["templating"]!["list"]!.AsArray()
        where variable!["type"]!.GetValue<string>() == "query"
        select (variable["name"]!.GetValue<string>(), variable["query"]!.GetValue<string>());
}
