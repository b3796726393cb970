using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Tests.Support;

namespace ColdChain.Platform.Tests.Identity;

[TestFixture]
public sealed class PasswordPolicyTests
{
    [TestCase("Tr0ub4dor&3")]
    [TestCase("password1234")]
    [TestCase("qwertyuiopasdf")]
    [TestCase("aaaaaaaaaaaaaaaa")]
    public void A_short_or_guessable_password_is_refused_with_advice(string password)
    {
        var strength = PasswordPolicy.Evaluate(password, []);

        Assert.That(strength.Acceptable, Is.False);
        Assert.That(strength.Advice, Is.Not.Empty);
    }

    [Test]
    public void A_long_unguessable_password_is_accepted()
    {
        var strength = PasswordPolicy.Evaluate("correct horse battery staple 42", []);

        Assert.That(strength.Score, Is.GreaterThanOrEqualTo(PasswordPolicy.MinimumScore));
        Assert.That(strength.Acceptable, Is.True);
    }

    [Test]
    public void A_password_made_of_the_users_own_e_mail_is_refused()
    {
        var strength = PasswordPolicy.Evaluate("maria.gonzalez.depot@example.com", ["maria.gonzalez.depot@example.com"]);

        Assert.That(strength.Acceptable, Is.False);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task The_strength_endpoint_returns_score_and_advice_and_account_creation_applies_the_same_rule()
    {
        await using var platform = await TestPlatform.StartAsync(Database.Sqlite);
        var admin = await platform.SignInAsNewAsync(Roles.Admin);

        using var strength = await platform.SendAsync(TestPlatform.Anonymous, HttpMethod.Post, "/api/auth/password-strength", new { password = "password1234" });
        var body = await strength.Content.ReadFromJsonAsync<JsonElement>();
        using var weakUser = await platform.SendAsync(admin, HttpMethod.Post, "/api/users", new { email = "weak@test.coldchain.local", displayName = "Weak", role = Roles.Operator, password = "password1234" });
        using var strongUser = await platform.SendAsync(admin, HttpMethod.Post, "/api/users", new { email = "strong@test.coldchain.local", displayName = "Strong", role = Roles.Operator, password = TestPlatform.Password });

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(body.GetProperty("score").GetInt32(), Is.LessThan(PasswordPolicy.MinimumScore));
            Assert.That(body.GetProperty("acceptable").GetBoolean(), Is.False);
            Assert.That(body.GetProperty("advice").GetArrayLength(), Is.GreaterThan(0));
            Assert.That(weakUser.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await weakUser.Content.ReadAsStringAsync(), Does.Contain("strength score"));
            Assert.That(strongUser.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        });
    }
}
