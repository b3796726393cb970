namespace ColdChain.Platform.Gateways;

/// <summary>
/// How gateways are let into the broker (section <c>Gateways</c>). With <see cref="MosquittoDirectory"/> set the
/// platform (re)writes <c>passwords</c> and <c>acl</c> there after every credential change; point mosquitto's
/// <c>password_file</c> and <c>acl_file</c> at them and send it SIGHUP (or restart it) to apply.
/// </summary>
public sealed class GatewayBrokerOptions
{
    public const string Section = "Gateways";

    public string? MosquittoDirectory { get; set; }

    /// <summary>Ingest, the platform and other non-gateway users of mosquitto, each with its own hash and ACL lines.</summary>
    public List<ServiceAccountOptions> ServiceAccounts { get; } = [];

    /// <summary>
    /// The embedded broker lets a client whose id is no registered gateway connect without credentials (the in-process
    /// ingest and the demo's simulated gateways do). A registered gateway always needs its credential. Set false when
    /// every client on a site has one.
    /// </summary>
    public bool EmbeddedAllowsUnregisteredClients { get; set; } = true;

    public sealed class ServiceAccountOptions
    {
        public string Username { get; set; } = string.Empty;

        /// <summary>A mosquitto <c>$7$</c> hash, e.g. from <c>mosquitto_passwd</c>.</summary>
        public string PasswordHash { get; set; } = string.Empty;

        /// <summary>ACL lines after <c>topic</c>, e.g. <c>read coldchain/v1/#</c>.</summary>
        public List<string> Rules { get; } = [];
    }

    internal IEnumerable<MosquittoServiceAccount> Accounts => ServiceAccounts.Select(s => new MosquittoServiceAccount(s.Username, s.PasswordHash, s.Rules));
}
