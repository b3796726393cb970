namespace ColdChain.Edge.Configuration;

/// <summary>
/// The edge's own switches, taken out before the rest goes to the command-line configuration provider (which would
/// read <c>--simulate --Gateway:Site=x</c> as the key "simulate" with the value "--Gateway:Site=x").
/// </summary>
internal sealed record EdgeCommandLine(bool Simulate, string? ConfigPath, IReadOnlyList<string> ConfigurationArgs)
{
    public const string DefaultConfigPath = "/etc/coldchain/gateway.json";

    /// <summary><c>--validate-config FILE</c>: check the file against the schema and the rules, print the verdict, exit.</summary>
    public string? ValidateConfigPath { get; init; }

    public static EdgeCommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var simulate = false;
        string? config = null;
        var rest = new List<string>();
        string? validate = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--simulate")
            {
                simulate = true;
            }
            else if (arg is "--config")
            {
                config = i + 1 < args.Count ? args[++i] : throw new ArgumentException("--config needs a file path");
            }
            else if (arg is "--validate-config")
            {
                validate = i + 1 < args.Count ? args[++i] : throw new ArgumentException("--validate-config needs a file path");
            }
            else if (arg.StartsWith("--config=", StringComparison.Ordinal))
            {
                config = arg["--config=".Length..];
            }
            else
            {
                rest.Add(arg);
            }
        }

        return new EdgeCommandLine(simulate, config, rest) { ValidateConfigPath = validate };
    }
}
