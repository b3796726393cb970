using ColdChain.Platform.Commands;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Tests.Support;

namespace ColdChain.Platform.Tests.Identity;

[TestFixture]
[CancelAfter(60_000)]
public sealed class AddAdminCommandTests
{
    [Test]
    public async Task The_first_admin_is_created_from_the_command_line_and_can_sign_in()
    {
        using var data = new TempFolder("coldchain-add-admin");
        using var output = new StringWriter();

        var exitCode = await AddAdminCommand.RunAsync("first@test.coldchain.local", [$"--DataDirectory={data.Path}"], new StringReader(TestPlatform.Password + "\n"), output, CancellationToken.None);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var platform = await TestPlatform.StartAsync(Database.Sqlite, $"--Database:ConnectionString=Data Source={Path.Combine(data.Path, "platform.db")}");
        var admin = await platform.SignInAsync("first@test.coldchain.local", TestPlatform.Password);
        using var users = await platform.SendAsync(admin, HttpMethod.Get, "/api/users");

        Assert.That(exitCode, Is.EqualTo(0), output.ToString());
        Assert.That((int)users.StatusCode, Is.EqualTo(200), "the new user has the Admin role");
    }

    [Test]
    public async Task A_weak_password_creates_no_admin()
    {
        using var data = new TempFolder("coldchain-add-admin");
        using var output = new StringWriter();

        var exitCode = await AddAdminCommand.RunAsync("weak@test.coldchain.local", [$"--DataDirectory={data.Path}"], new StringReader("admin123\n"), output, CancellationToken.None);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output.ToString(), Does.Contain("at least 12 characters"));
    }
}
