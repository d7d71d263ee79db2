using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.Validation;

namespace SupportBot.Doctor;

/// Microsoft's JSON schemas for the Teams app manifest and its language files (v1.19, vendored in
/// Channels/Teams/Schema from @microsoft/app-manifest with its MIT licence): what Teams' upload checks first.
internal static class TeamsManifestSchema
{
    private static readonly Lazy<Task<JsonSchema>> Manifest = new(() => LoadAsync("MicrosoftTeams.schema.json"));
    private static readonly Lazy<Task<JsonSchema>> Localization = new(() => LoadAsync("MicrosoftTeams.Localization.schema.json"));

    /// Each place the manifest or a language file breaks its schema, as "file: error at path"; empty when both pass.
    public static async Task<List<string>> ProblemsAsync(JsonObject manifest, IReadOnlyDictionary<string, JsonObject> languageFiles)
    {
        var problems = Describe("manifest.json", (await Manifest.Value).Validate(manifest.ToJsonString()));
        foreach (var (file, strings) in languageFiles)
        {
            problems.AddRange(Describe(file, (await Localization.Value).Validate(strings.ToJsonString())));
        }
        return problems;
    }

    // The innermost errors: "the array item is not valid" alone would not say which of its fields is wrong.
    private static List<string> Describe(string file, IEnumerable<ValidationError> errors)
        => [.. errors.SelectMany(error => error is ChildSchemaValidationError child && child.Errors.Count > 0
            ? Describe(file, child.Errors.SelectMany(e => e.Value))
            : [$"{file}: {error.Kind} at {(string.IsNullOrEmpty(error.Path) ? "#" : error.Path)}"])];

    private static async Task<JsonSchema> LoadAsync(string name)
    {
        await using var stream = typeof(TeamsManifestSchema).Assembly.GetManifestResourceStream($"SupportBot.Teams.{name}")
            ?? throw new InvalidOperationException($"The embedded schema {name} is missing.");
        using var reader = new StreamReader(stream);
        return await JsonSchema.FromJsonAsync(await reader.ReadToEndAsync());
    }
}
