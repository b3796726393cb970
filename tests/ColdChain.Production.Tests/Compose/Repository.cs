namespace ColdChain.Production.Tests.Compose;

/// <summary>The checkout the tests run from: the compose file and Dockerfiles are read where they are committed.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ColdChain.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("ColdChain.sln not found above " + AppContext.BaseDirectory);
    }
}
