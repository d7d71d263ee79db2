namespace SupportBot.Settings;

/// Relative paths in settings resolve against the content root (where the command was run) and then against the
/// binaries' folder, which carries copies of the sample knowledge base.
internal static class ContentPaths
{
    public static string Resolve(string path, string contentRoot)
    {
        if (Path.IsPathRooted(path))
        {
            return path;
        }
        var fromContentRoot = Path.GetFullPath(Path.Combine(contentRoot, path));
        if (Directory.Exists(fromContentRoot) || File.Exists(fromContentRoot))
        {
            return fromContentRoot;
        }
        var fromBinaries = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, path));
        return Directory.Exists(fromBinaries) || File.Exists(fromBinaries) ? fromBinaries : fromContentRoot;
    }
}
