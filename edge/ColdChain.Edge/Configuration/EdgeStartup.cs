using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ColdChain.Edge.Configuration;

/// <summary>Turns the ways a gateway cannot start into one clear line each and exit code 2, instead of a stack trace in the journal.</summary>
internal static class EdgeStartup
{
    public const int ConfigurationError = 2;

    public static async Task<int> RunAsync(Func<IHost> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        try
        {
            using var host = build();
            await host.RunAsync();
            return 0;
        }
        catch (FileNotFoundException e)
        {
            await Console.Error.WriteLineAsync($"ColdChain edge: {e.Message}");
            return ConfigurationError;
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync("ColdChain edge: the configuration is not valid:");
            foreach (var failure in e.Failures)
            {
                await Console.Error.WriteLineAsync($"  {failure}");
            }

            return ConfigurationError;
        }
    }
}
