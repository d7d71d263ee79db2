namespace SupportBot.Tests.Deployment;

/// Files of the repository itself (infra/, the Dockerfile, appsettings.json), found from the test's output folder.
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "SupportBot.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"No SupportBot.sln above {AppContext.BaseDirectory}.");
    }
}
