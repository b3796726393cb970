namespace ColdChain.Edge.RemoteConfig;

/// <summary><c>ColdChain.Edge --validate-config FILE</c>: the same checks a gateway makes at start and on a remote config, for installers and CI.</summary>
internal static class ConfigValidatorCommand
{
    public static async Task<int> RunAsync(string path, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!File.Exists(path))
        {
            await output.WriteLineAsync($"{path}: no such file");
            return 2;
        }

        var (_, problems) = GatewayConfigDocument.Read(await File.ReadAllBytesAsync(path));
        if (problems.Count == 0)
        {
            await output.WriteLineAsync($"{path}: valid");
            return 0;
        }

        await output.WriteLineAsync($"{path}: {problems.Count} problem(s)");
        foreach (var problem in problems)
        {
            await output.WriteLineAsync($"  {problem}");
        }

        return 2;
    }

    /// <summary>Null when <paramref name="path"/> is absent (environment and command line may carry the config) or valid; else the exit code after printing the problems.</summary>
    public static async Task<int?> RefuseInvalidAsync(string path, TextWriter output)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var (_, problems) = GatewayConfigDocument.Read(await File.ReadAllBytesAsync(path));
        if (problems.Count == 0)
        {
            return null;
        }

        await output.WriteLineAsync($"ColdChain edge: {path} is not a valid gateway config:");
        foreach (var problem in problems)
        {
            await output.WriteLineAsync($"  {problem}");
        }

        return 2;
    }
}
