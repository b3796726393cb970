using System.Text.Json;
using ColdChain.Ingest.Alarms;

namespace ColdChain.Platform.Alarms.Monitoring;

/// <summary>The snake_case words alarms are stored and served with (<c>above_range</c>, <c>critical</c>).</summary>
public static class AlarmNames
{
    private static readonly Dictionary<AlarmCondition, string> Conditions = Enum.GetValues<AlarmCondition>().ToDictionary(c => c, c => JsonNamingPolicy.SnakeCaseLower.ConvertName(c.ToString()));

    public static string Of(AlarmCondition condition) => Conditions[condition];

    public static string Of(AlarmSeverity severity) => severity == AlarmSeverity.Critical ? "critical" : "warning";

    public static bool TryParseCondition(string name, out AlarmCondition condition)
    {
        foreach (var (value, text) in Conditions)
        {
            if (string.Equals(text, name, StringComparison.Ordinal))
            {
                condition = value;
                return true;
            }
        }

        condition = default;
        return false;
    }
}
