using System.Net;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ColdChain.Platform.Tests.Identity;

/// <summary>
/// Every endpoint of the app (read from <see cref="EndpointDataSource"/>), called by nobody, by each role and by API
/// keys with and without the right scope, must answer exactly as its declared policy says. An endpoint without a
/// policy from <see cref="Policies"/> (or an explicit AllowAnonymous), or missing from <see cref="Requests"/>, fails.
/// </summary>
[TestFixture(Database.Sqlite)]
[TestFixture(Database.Postgres)]
[CancelAfter(120_000)]
public sealed class EndpointMatrixTests(Database database)
{
    private static readonly object Invalid = new { };

    /// <summary>What the test sends to each endpoint and what an allowed caller gets back.</summary>
    private static readonly Dictionary<string, (string Path, object? Body, HttpStatusCode Allowed)> Requests = new(StringComparer.Ordinal)
    {
        ["GET /"] = ("/", null, HttpStatusCode.Redirect),
        ["POST /api/auth/login"] = ("/api/auth/login", new { email = "nobody@test.coldchain.local", password = "not the password" }, HttpStatusCode.Unauthorized),
        ["POST /api/auth/logout"] = ("/api/auth/logout", null, HttpStatusCode.NoContent),
        ["GET /api/auth/me"] = ("/api/auth/me", null, HttpStatusCode.OK),
        ["POST /api/auth/password-strength"] = ("/api/auth/password-strength", new { password = "Tr0ub4dor&3" }, HttpStatusCode.OK),
        ["GET /api/users/"] = ("/api/users", null, HttpStatusCode.OK),
        ["POST /api/users/"] = ("/api/users", new { email = "x@test.coldchain.local", displayName = "X", role = "Nobody", password = "x" }, HttpStatusCode.BadRequest),
        ["POST /api/users/{id}/disable"] = ("/api/users/nope/disable", new { reason = "left the company" }, HttpStatusCode.NotFound),
        ["POST /api/users/{id}/enable"] = ("/api/users/nope/enable", new { reason = "back" }, HttpStatusCode.NotFound),
        ["PUT /api/users/{id}/role"] = ("/api/users/nope/role", new { role = Roles.Operator }, HttpStatusCode.NotFound),
        ["GET /api/api-keys/"] = ("/api/api-keys", null, HttpStatusCode.OK),
        ["POST /api/api-keys/"] = ("/api/api-keys", new { name = "x", scopes = Array.Empty<string>() }, HttpStatusCode.BadRequest),
        ["DELETE /api/api-keys/{id}"] = ("/api/api-keys/nope", null, HttpStatusCode.NotFound),
        ["GET /api/sites/"] = ("/api/sites", null, HttpStatusCode.OK),
        ["PUT /api/sites/{id}"] = ("/api/sites/site-x", Invalid, HttpStatusCode.BadRequest),
        ["GET /api/assets/"] = ("/api/assets", null, HttpStatusCode.OK),
        ["GET /api/assets/{id}"] = ("/api/assets/nope", null, HttpStatusCode.NotFound),
        ["PUT /api/assets/{id}"] = ("/api/assets/asset-x", Invalid, HttpStatusCode.BadRequest),
        ["GET /api/assets/{id}/readings"] = ("/api/assets/nope/readings", null, HttpStatusCode.NotFound),
        ["GET /api/gateways/"] = ("/api/gateways", null, HttpStatusCode.OK),
        ["PUT /api/gateways/{id}"] = ("/api/gateways/gw-x", Invalid, HttpStatusCode.BadRequest),
        ["POST /api/gateways/{id}/credential"] = ("/api/gateways/nope/credential", null, HttpStatusCode.NotFound),
        ["DELETE /api/gateways/{id}/credential"] = ("/api/gateways/nope/credential", null, HttpStatusCode.NotFound),
        ["GET /api/gateways/{id}/config"] = ("/api/gateways/nope/config", null, HttpStatusCode.NotFound),
        ["PUT /api/gateways/{id}/config"] = ("/api/gateways/nope/config", Invalid, HttpStatusCode.NotFound),
        ["GET /api/profiles/"] = ("/api/profiles", null, HttpStatusCode.OK),
        ["PUT /api/profiles/{id}"] = ("/api/profiles/profile-x", Invalid, HttpStatusCode.BadRequest),
        ["GET /api/sensors/"] = ("/api/sensors", null, HttpStatusCode.OK),
        ["PUT /api/sensors/{id}"] = ("/api/sensors/sensor-x", Invalid, HttpStatusCode.BadRequest),
        ["POST /api/sensors/{id}/certificates"] = ("/api/sensors/nope/certificates", Invalid, HttpStatusCode.NotFound),
        ["GET /api/audit"] = ("/api/audit", null, HttpStatusCode.OK),
        ["GET /api/dead-letters"] = ("/api/dead-letters", null, HttpStatusCode.OK),
        ["PUT /api/shipments/{orderRef}"] = ("/api/shipments/order-x", Invalid, HttpStatusCode.BadRequest),
        ["GET /api/shipments/{orderRef}"] = ("/api/shipments/nope", null, HttpStatusCode.NotFound),
        ["POST /api/shipments/{orderRef}/handover-checks"] = ("/api/shipments/nope/handover-checks", Invalid, HttpStatusCode.NotFound),
        ["GET /api/handovers/{id:guid}"] = ("/api/handovers/00000000-0000-0000-0000-000000000001", null, HttpStatusCode.NotFound),
        ["POST /api/handovers/{id:guid}/signatures"] = ("/api/handovers/00000000-0000-0000-0000-000000000001/signatures", Invalid, HttpStatusCode.NotFound),
        ["GET /api/parties/"] = ("/api/parties", null, HttpStatusCode.OK),
        ["PUT /api/parties/{id}"] = ("/api/parties/party-x", Invalid, HttpStatusCode.BadRequest),
        ["GET /api/alarms/"] = ("/api/alarms", null, HttpStatusCode.OK),
        ["GET /api/alarms/{id:guid}"] = ("/api/alarms/00000000-0000-0000-0000-000000000001", null, HttpStatusCode.NotFound),
        ["POST /api/alarms/{id:guid}/ack"] = ("/api/alarms/00000000-0000-0000-0000-000000000001/ack", new { comment = "checked" }, HttpStatusCode.NotFound),
        ["GET /api/assets/{id}/defrost-plan/"] = ("/api/assets/nope/defrost-plan", null, HttpStatusCode.NotFound),
        ["PUT /api/assets/{id}/defrost-plan/"] = ("/api/assets/nope/defrost-plan", new { windows = Array.Empty<object>() }, HttpStatusCode.NotFound),
        ["GET /api/sites/{id}/escalation/"] = ("/api/sites/nope/escalation", null, HttpStatusCode.NotFound),
        ["PUT /api/sites/{id}/escalation/"] = ("/api/sites/nope/escalation", new { steps = Array.Empty<object>() }, HttpStatusCode.NotFound),
        // SignalR negotiates with POST; the matrix sends GET, which still must pass authorization first.
        ["GET /hubs/live/negotiate"] = ("/hubs/live/negotiate?negotiateVersion=1", null, HttpStatusCode.MethodNotAllowed),
        ["GET /hubs/live"] = ("/hubs/live", null, HttpStatusCode.BadRequest),
        ["POST /hubs/live"] = ("/hubs/live", null, HttpStatusCode.BadRequest),
        ["DELETE /hubs/live"] = ("/hubs/live", null, HttpStatusCode.BadRequest),
        ["GET /health/live"] = ("/health/live", null, HttpStatusCode.OK),
        ["GET /health/ready"] = ("/health/ready", null, HttpStatusCode.OK),
        ["GET /openapi/{documentName}.json"] = ("/openapi/v1.json", null, HttpStatusCode.OK),
        ["GET /docs/{documentName?}"] = ("/docs/v1", null, HttpStatusCode.OK),
        ["GET /docs/scalar.js"] = ("/docs/scalar.js", null, HttpStatusCode.OK),
        ["GET /docs/scalar.aspnetcore.js"] = ("/docs/scalar.aspnetcore.js", null, HttpStatusCode.OK),
        ["GET /docs/favicon.svg"] = ("/docs/favicon.svg", null, HttpStatusCode.OK),
        ["GET /api/assets/{id}/series"] = ("/api/assets/nope/series", null, HttpStatusCode.NotFound),
        ["GET login"] = ("/login", null, HttpStatusCode.OK),
        ["GET language"] = ("/language", null, HttpStatusCode.Redirect),
        ["GET logout"] = ("/logout", null, HttpStatusCode.Redirect),
        ["GET overview"] = ("/overview", null, HttpStatusCode.OK),
        ["GET assets/{id}"] = ("/assets/nope", null, HttpStatusCode.NotFound),
        ["GET alarms"] = ("/alarms", null, HttpStatusCode.OK),
        ["GET driver"] = ("/driver", null, HttpStatusCode.OK),
        ["GET shipments"] = ("/shipments", null, HttpStatusCode.OK),
        ["GET shipments/{orderRef}"] = ("/shipments/nope", null, HttpStatusCode.NotFound),
        ["GET handovers/{id:guid}"] = ("/handovers/00000000-0000-0000-0000-000000000001", null, HttpStatusCode.NotFound),
        ["GET compliance"] = ("/compliance", null, HttpStatusCode.OK),
        ["GET compliance/audit"] = ("/compliance/audit", null, HttpStatusCode.OK),
        ["GET /api/reports/assets/{id}"] = ("/api/reports/assets/nope", null, HttpStatusCode.NotFound),
        ["GET /api/reports/sites/{id}"] = ("/api/reports/sites/nope", null, HttpStatusCode.NotFound),
        ["POST /api/reports/verify"] = ("/api/reports/verify", Invalid, HttpStatusCode.OK),
        ["PUT /api/users/{id}/sites"] = ("/api/users/nope/sites", new { sites = Array.Empty<string>() }, HttpStatusCode.NotFound),
        ["GET admin"] = ("/admin", null, HttpStatusCode.OK),
        ["GET admin/users"] = ("/admin/users", null, HttpStatusCode.OK),
        ["GET admin/api-keys"] = ("/admin/api-keys", null, HttpStatusCode.OK),
        ["GET admin/sites"] = ("/admin/sites", null, HttpStatusCode.OK),
        ["GET admin/assets"] = ("/admin/assets", null, HttpStatusCode.OK),
        ["GET admin/sensors"] = ("/admin/sensors", null, HttpStatusCode.OK),
        ["GET admin/gateways"] = ("/admin/gateways", null, HttpStatusCode.OK),
        ["GET admin/profiles"] = ("/admin/profiles", null, HttpStatusCode.OK),
        ["GET /api/reports/shipments/{orderRef}"] = ("/api/reports/shipments/nope", null, HttpStatusCode.NotFound),
        ["POST /api/reports/subscriptions/"] = ("/api/reports/subscriptions", Invalid, HttpStatusCode.BadRequest),
        ["GET /api/reports/subscriptions/"] = ("/api/reports/subscriptions", null, HttpStatusCode.OK),
        ["DELETE /api/reports/subscriptions/{id:guid}"] = ("/api/reports/subscriptions/00000000-0000-0000-0000-000000000001", null, HttpStatusCode.NotFound),
        ["GET /api/handovers/{id:guid}/receipt"] = ("/api/handovers/00000000-0000-0000-0000-000000000001/receipt", null, HttpStatusCode.NotFound),
    };

    /// <summary>Web pages: a signed-out visitor is sent to the login page (302) instead of getting 401.</summary>
    private static readonly HashSet<string> Pages = new(StringComparer.Ordinal) { "GET overview", "GET assets/{id}", "GET alarms", "GET driver", "GET shipments", "GET shipments/{orderRef}", "GET handovers/{id:guid}", "GET compliance", "GET compliance/audit", "GET admin", "GET admin/users", "GET admin/api-keys", "GET admin/sites", "GET admin/assets", "GET admin/sensors", "GET admin/gateways", "GET admin/profiles" };

    private TestPlatform _platform = null!;
    private readonly List<(Caller Caller, IReadOnlyList<string> Roles, IReadOnlyList<string> Scopes)> _callers = [];

    [OneTimeSetUp]
    public async Task StartPlatform()
    {
        _platform = await TestPlatform.StartAsync(database);
        _callers.Add((TestPlatform.Anonymous, [], []));
        foreach (var role in Roles.All)
        {
            _callers.Add((await _platform.SignInAsNewAsync(role), [role], []));
        }

        _callers.Add((await _platform.WithApiKeyAsync(Scopes.ShipmentsWrite), [], [Scopes.ShipmentsWrite]));
        _callers.Add((await _platform.WithApiKeyAsync(Scopes.ReadingsRead), [], [Scopes.ReadingsRead]));
        _callers.Add((await _platform.WithApiKeyAsync(Scopes.AuditRead), [], [Scopes.AuditRead]));
    }

    [OneTimeTearDown]
    public async Task StopPlatform() => await _platform.DisposeAsync();

    [Test]
    public void Every_endpoint_declares_exactly_one_policy_from_Policies_or_is_explicitly_anonymous()
    {
        var undeclared = Endpoints()
            .Where(e => e.Anonymous == (e.Policy is not null) || (e.Policy is not null && !Policies.Rules.ContainsKey(e.Policy)))
            .Select(e => e.Key)
            .ToList();

        Assert.That(undeclared, Is.Empty, "endpoints without a declared policy");
    }

    [Test]
    public void Every_endpoint_has_a_request_in_the_matrix()
    {
        Assert.That(Endpoints().Select(e => e.Key).Where(k => !Requests.ContainsKey(k)), Is.Empty, "add each new endpoint to Requests");
    }

    [Test]
    public async Task Every_caller_gets_exactly_the_status_its_roles_and_scopes_allow_on_every_endpoint()
    {
        var mismatches = new List<string>();
        foreach (var endpoint in Endpoints().Where(e => Requests.ContainsKey(e.Key)))
        {
            var (path, body, allowed) = Requests[endpoint.Key];
            foreach (var (caller, roles, scopes) in _callers)
            {
                var expected = endpoint.Anonymous ? allowed
                    : roles.Count == 0 && scopes.Count == 0 ? (Pages.Contains(endpoint.Key) ? HttpStatusCode.Redirect : HttpStatusCode.Unauthorized)
                    : Allows(endpoint.Policy!, roles, scopes) ? allowed
                    : HttpStatusCode.Forbidden;
                using var response = await _platform.SendAsync(caller, new HttpMethod(endpoint.Method), path, body);
                if (response.StatusCode != expected)
                {
                    mismatches.Add($"{endpoint.Key} as {caller}: {(int)response.StatusCode}, expected {(int)expected}");
                }
            }
        }

        Assert.That(mismatches, Is.Empty);
    }

    private static bool Allows(string policy, IReadOnlyList<string> roles, IReadOnlyList<string> scopes) =>
        Policies.Rules[policy].Roles.Intersect(roles).Any() || Policies.Rules[policy].Scopes.Intersect(scopes).Any();

    private IEnumerable<(string Key, string Method, string? Policy, bool Anonymous)> Endpoints() =>
        _platform.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method =>
            (
                Key: $"{method} {e.RoutePattern.RawText}",
                Method: method,
                Policy: e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null),
                Anonymous: e.Metadata.GetMetadata<IAllowAnonymous>() is not null)))
            .Where(e => e.Method != "HEAD" && e.Method != "OPTIONS");
}
