using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ColdChain.Platform.Data;

/// <summary>For <c>dotnet ef migrations add</c> only: the migrations are generated against SQLite, then kept provider-neutral (see Migrations/README.md).</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PlatformDbContext>
{
    public PlatformDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PlatformDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
