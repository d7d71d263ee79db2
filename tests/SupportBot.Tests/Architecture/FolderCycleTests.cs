using System.Text.RegularExpressions;
using SupportBot.Tests.Deployment;

namespace SupportBot.Tests.Architecture;

/// No two feature folders of src/SupportBot import each other: a cycle is folder A with a file that has
/// `using SupportBot.B...` while B has a file with `using SupportBot.A...`. Two features that must talk do it through
/// a small contract one of them owns (docs/architecture.md).
public sealed partial class FolderCycleTests
{
    [Fact]
    public void NoFeatureFoldersImportEachOther()
    {
        var cycles = Cycles(Imports(RepositoryFiles.PathOf("src", "SupportBot")));

        Assert.Empty(cycles);
    }

    [Fact]
    public void FindsACycleBetweenTwoFolders()
    {
        var source = Directory.CreateTempSubdirectory("cycles").FullName;
        try
        {
            Write(source, "Alpha/One.cs", "using SupportBot.Beta.Inner;\nnamespace SupportBot.Alpha;\n");
            Write(source, "Beta/Inner/Two.cs", "using SupportBot.Alpha;\nnamespace SupportBot.Beta.Inner;\n");
            Write(source, "Gamma/Three.cs", "using SupportBot.Alpha;\nnamespace SupportBot.Gamma;\n");

            Assert.Equal(["Alpha<->Beta"], Cycles(Imports(source)));
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }

    // Folder → the folders its files import (the first name after SupportBot., when that is another folder).
    private static Dictionary<string, HashSet<string>> Imports(string source)
    {
        var folders = Directory.GetDirectories(source).Select(Path.GetFileName).OfType<string>()
            .Where(name => name is not ("bin" or "obj" or "wwwroot")).ToHashSet(StringComparer.Ordinal);
        var imports = folders.ToDictionary(folder => folder, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(source, folder), "*.cs", SearchOption.AllDirectories))
            {
                foreach (Match match in UsingPattern().Matches(File.ReadAllText(file)))
                {
                    var target = match.Groups[1].Value;
                    if (target != folder && folders.Contains(target))
                    {
                        imports[folder].Add(target);
                    }
                }
            }
        }
        return imports;
    }

    private static List<string> Cycles(Dictionary<string, HashSet<string>> imports)
        => [.. imports.SelectMany(pair => pair.Value.Where(target => string.CompareOrdinal(pair.Key, target) < 0 && imports[target].Contains(pair.Key))
                .Select(target => $"{pair.Key}<->{target}"))
            .Order(StringComparer.Ordinal)];

    private static void Write(string root, string path, string text)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    [GeneratedRegex(@"^\s*using\s+(?:static\s+)?SupportBot\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex UsingPattern();
}
