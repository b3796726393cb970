namespace ColdChain.Platform.Registry;

internal static class RegistryIds
{
    /// <summary>Ids travel in MQTT topics and URLs: letters, digits, <c>_ . -</c>, at most 64.</summary>
    public const string Pattern = "^[A-Za-z0-9_.-]{1,64}$";
}
