using System.Globalization;
using Microsoft.SemanticKernel;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace SupportBot.Llm;

/// The prompt templates, read from YAML files in Semantic Kernel's prompt schema (name, description,
/// template_format, template, input_variables, execution_settings) into prompt functions. They are data: a user
/// edits a file and restarts, no rebuild. Microsoft.SemanticKernel.Yaml is not available here, so the schema is
/// mapped onto PromptTemplateConfig directly.
internal sealed class PromptLibrary
{
    public const string Answer = "Answer";
    public const string RewriteQuery = "RewriteQuery";
    public const string SummarizeConversation = "SummarizeConversation";
    public const string ClassifyMessage = "ClassifyMessage";

    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithAttemptingUnquotedStringTypeDeserialization()
        .IgnoreUnmatchedProperties()
        .Build();

    private readonly Dictionary<string, KernelFunction> _functions;
    private readonly Dictionary<string, string> _templates;

    private PromptLibrary(Dictionary<string, KernelFunction> functions, Dictionary<string, string> templates)
    {
        _functions = functions;
        _templates = templates;
    }

    public IReadOnlyCollection<string> Names => _functions.Keys;

    /// A template's own text, before its variables are filled in: what an answer must never repeat.
    public string TemplateOf(string name) => _templates.GetValueOrDefault(name, string.Empty);

    public KernelFunction this[string name] => _functions.TryGetValue(name, out var function)
        ? function
        : throw new KeyNotFoundException($"No prompt named '{name}' was loaded; add a YAML template with 'name: {name}' to the prompts folder.");

    /// Reads every template in the folder. `maxOutputTokens` caps each template's max_tokens; a name in `required`
    /// that no file declares fails the load, so a deleted or renamed template is reported at startup.
    public static PromptLibrary Load(string folder, int? maxOutputTokens = null, params string[] required)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Prompts folder '{folder}' does not exist.");
        }
        var functions = new Dictionary<string, KernelFunction>(StringComparer.Ordinal);
        var templates = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.yaml").Concat(Directory.EnumerateFiles(folder, "*.yml")).Order(StringComparer.Ordinal))
        {
            var config = Parse(File.ReadAllText(file), file);
            if (maxOutputTokens is { } cap)
            {
                CapOutputTokens(config, cap);
            }
            if (!functions.TryAdd(config.Name!, KernelFunctionFactory.CreateFromPrompt(config)))
            {
                throw new InvalidDataException($"{file}: another template is already named '{config.Name}'.");
            }
            templates[config.Name!] = config.Template;
        }
        var missing = required.Where(name => !functions.ContainsKey(name)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException(
                $"Prompts folder '{folder}' has no template named {string.Join(", ", missing.Select(n => $"'{n}'"))}; each file declares its name with 'name:'.");
        }
        return new PromptLibrary(functions, templates);
    }

    private static void CapOutputTokens(PromptTemplateConfig config, int cap)
    {
        if (config.ExecutionSettings.Count == 0)
        {
            config.AddExecutionSettings(new PromptExecutionSettings { ExtensionData = new Dictionary<string, object> { ["max_tokens"] = cap } });
            return;
        }
        foreach (var settings in config.ExecutionSettings.Values)
        {
            var data = settings.ExtensionData ??= new Dictionary<string, object>();
            var current = data.TryGetValue("max_tokens", out var value) && int.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out var tokens)
                ? tokens
                : int.MaxValue;
            data["max_tokens"] = Math.Min(current, cap);
        }
    }

    public static PromptTemplateConfig Parse(string yaml, string source)
    {
        PromptFile? file;
        try
        {
            file = Yaml.Deserialize<PromptFile>(yaml);
        }
        catch (YamlException ex)
        {
            throw new InvalidDataException($"{source}: not a valid prompt template (line {ex.Start.Line}): {ex.InnerException?.Message ?? ex.Message}", ex);
        }
        if (file is null || string.IsNullOrWhiteSpace(file.Name) || string.IsNullOrWhiteSpace(file.Template))
        {
            throw new InvalidDataException($"{source}: a prompt template needs 'name' and 'template'.");
        }
        var config = new PromptTemplateConfig(file.Template)
        {
            Name = file.Name,
            Description = file.Description,
            TemplateFormat = file.TemplateFormat ?? PromptTemplateConfig.SemanticKernelTemplateFormat,
        };
        foreach (var variable in file.InputVariables ?? [])
        {
            config.InputVariables.Add(new InputVariable
            {
                Name = variable.Name ?? throw new InvalidDataException($"{source}: an input variable has no name."),
                Description = variable.Description,
                Default = variable.Default,
                IsRequired = variable.IsRequired,
            });
        }
        foreach (var (serviceId, settings) in file.ExecutionSettings ?? [])
        {
            config.AddExecutionSettings(new PromptExecutionSettings { ExtensionData = settings }, serviceId);
        }
        return config;
    }

    // YamlDotNet fills these by reflection.
#pragma warning disable CA1812
    private sealed class PromptFile
    {
        public string? Name { get; set; }
        public string? Description { get; set; }
        public string? TemplateFormat { get; set; }
        public string? Template { get; set; }
        public List<PromptVariable>? InputVariables { get; set; }
        public Dictionary<string, Dictionary<string, object>>? ExecutionSettings { get; set; }
    }

    private sealed class PromptVariable
    {
        public string? Name { get; set; }
        public string? Description { get; set; }
        public string? Default { get; set; }
        public bool IsRequired { get; set; } = true;
    }
#pragma warning restore CA1812
}
