using System.Collections;
using System.Reflection;

namespace ColdChain.Production.Tests.Compose;

/// <summary>
/// Answers "does this configuration key bind to an option the service reads?" by reflection over the options classes
/// (each names its section in a <c>Section</c> or <c>SectionName</c> constant), so a renamed option breaks the test.
/// </summary>
internal sealed class OptionPaths(params Assembly[] assemblies)
{
    private readonly List<(string Section, Type Type)> _sections =
    [
        .. assemblies.SelectMany(a => a.GetTypes())
            .Select(t => (Field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static) ?? t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static), Type: t))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .Select(x => ((string)x.Field!.GetRawConstantValue()!, x.Type)),
    ];

    /// <summary>Null when <paramref name="key"/> (colon-separated) binds; otherwise why not.</summary>
    public string? Problem(string key)
    {
        var segments = key.Split(':');
        var match = _sections
            .Where(s => key.StartsWith(s.Section + ":", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(s => s.Section.Length)
            .FirstOrDefault();
        if (match.Type is null)
        {
            return $"no options class reads the section of '{key}'";
        }

        var type = match.Type;
        foreach (var segment in segments.Skip(match.Section.Split(':').Length))
        {
            if (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) && int.TryParse(segment, out _))
            {
                type = type.GetGenericArguments()[0];
                continue;
            }

            var property = type.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                return $"{type.Name} has no property '{segment}' (from '{key}')";
            }

            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        }

        return null;
    }
}
