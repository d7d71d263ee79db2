using SupportBot.Llm;

namespace SupportBot.Tests.Llm;

public sealed class PromptLibraryTests
{
    private static readonly string ShippedPrompts = Path.Combine(AppContext.BaseDirectory, "prompts");

    [Fact]
    public void Every_shipped_template_loads_as_a_prompt_function_with_its_variables()
    {
        var library = PromptLibrary.Load(ShippedPrompts);

        Assert.Equal(
            new[] { PromptLibrary.Answer, PromptLibrary.ClassifyMessage, PromptLibrary.RewriteQuery, PromptLibrary.SummarizeConversation }.Order(),
            library.Names.Order());
        Assert.Equal(["company", "language", "sections", "history", "question"], library[PromptLibrary.Answer].Metadata.Parameters.Select(p => p.Name));
        Assert.Equal(["history", "question"], library[PromptLibrary.RewriteQuery].Metadata.Parameters.Select(p => p.Name));
        Assert.Equal(["transcript"], library[PromptLibrary.SummarizeConversation].Metadata.Parameters.Select(p => p.Name));
        Assert.Equal(["company", "history", "message"], library[PromptLibrary.ClassifyMessage].Metadata.Parameters.Select(p => p.Name));
    }

    [Fact]
    public void Execution_settings_keep_their_values_and_types()
    {
        var config = PromptLibrary.Parse(File.ReadAllText(Path.Combine(ShippedPrompts, "answer.yaml")), "answer.yaml");

        var settings = config.ExecutionSettings["default"].ExtensionData!;
        Assert.Equal(0.1, Convert.ToDouble(settings["temperature"], System.Globalization.CultureInfo.InvariantCulture), 5);
        Assert.Equal(400, Convert.ToInt32(settings["max_tokens"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("semantic-kernel", config.TemplateFormat);
    }

    [Fact]
    public void An_edited_template_is_read_from_the_folder_without_a_rebuild()
    {
        var folder = Directory.CreateTempSubdirectory("prompts-").FullName;
        File.WriteAllText(Path.Combine(folder, "custom.yaml"), "name: Custom\ntemplate: Say hello to {{$who}}\ninput_variables:\n  - name: who\n");

        var library = PromptLibrary.Load(folder);

        Assert.Equal(["who"], library["Custom"].Metadata.Parameters.Select(p => p.Name));
    }

    [Theory]
    [InlineData("name: [unclosed\ntemplate: x", "not a valid prompt template")]
    [InlineData("description: no name or template", "needs 'name' and 'template'")]
    [InlineData("name: X\ntemplate: hi\ninput_variables:\n  - description: nameless", "input variable has no name")]
    public void A_broken_template_names_its_file_and_the_problem(string yaml, string problem)
    {
        var folder = Directory.CreateTempSubdirectory("prompts-").FullName;
        File.WriteAllText(Path.Combine(folder, "broken.yaml"), yaml);

        var error = Assert.Throws<InvalidDataException>(() => PromptLibrary.Load(folder));

        Assert.Contains("broken.yaml", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Asking_for_a_prompt_that_is_not_there_says_which()
    {
        var folder = Directory.CreateTempSubdirectory("prompts-").FullName;
        var library = PromptLibrary.Load(folder);

        var error = Assert.Throws<KeyNotFoundException>(() => library[PromptLibrary.Answer]);
        Assert.Contains("'Answer'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_repository_prompts_folder_is_what_ships_and_every_template_loads()
    {
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "SupportBot.sln")))
        {
            repository = repository.Parent;
        }
        Assert.NotNull(repository);
        var folder = Path.Combine(repository.FullName, "prompts");

        var library = PromptLibrary.Load(folder, null, PromptLibrary.Answer, PromptLibrary.RewriteQuery, PromptLibrary.SummarizeConversation, PromptLibrary.ClassifyMessage);

        Assert.Equal(PromptLibrary.Load(ShippedPrompts).Names.Order(), library.Names.Order());
        Assert.Equal(
            Directory.EnumerateFiles(folder, "*.yaml").Select(Path.GetFileName).Order(),
            Directory.EnumerateFiles(ShippedPrompts, "*.yaml").Select(Path.GetFileName).Order());
    }

    [Theory]
    [InlineData("answer.yaml", "question")]
    [InlineData("rewrite-query.yaml", "question")]
    [InlineData("summarize-conversation.yaml", "transcript")]
    [InlineData("classify-message.yaml", "message")]
    public void Every_template_fences_customer_text_and_says_it_is_data_not_instructions(string file, string customerVariable)
    {
        var template = PromptLibrary.Parse(File.ReadAllText(Path.Combine(ShippedPrompts, file)), file).Template;

        var variable = template.IndexOf("{{$" + customerVariable + "}}", StringComparison.Ordinal);
        Assert.True(variable > 0);
        var begin = template.LastIndexOf("---BEGIN ", variable, StringComparison.Ordinal);
        var end = template.IndexOf("---END ", variable, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > variable, "the customer's text sits between BEGIN and END lines");
        Assert.Contains("data", template, StringComparison.Ordinal);
        Assert.Contains("instructions", template, StringComparison.Ordinal);
    }

    [Fact]
    public void The_answer_template_wraps_knowledge_base_sections_in_tagged_blocks()
    {
        var config = PromptLibrary.Parse(File.ReadAllText(Path.Combine(ShippedPrompts, "answer.yaml")), "answer.yaml");

        Assert.Contains("kb_section", config.Template, StringComparison.Ordinal);
        Assert.Contains("kb_section", config.InputVariables.Single(v => v.Name == "sections").Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_classification_is_asked_for_as_one_JSON_object_with_the_fixed_labels()
    {
        var template = PromptLibrary.Parse(File.ReadAllText(Path.Combine(ShippedPrompts, "classify-message.yaml")), "classify-message.yaml").Template;

        foreach (var label in new[] { "question", "account_action", "human_request", "small_talk", "out_of_scope", "positive", "neutral", "negative", "angry" })
        {
            Assert.Contains($"\"{label}\"", template, StringComparison.Ordinal);
        }
        Assert.Contains("one JSON object", template, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cap_on_output_tokens_lowers_larger_limits_and_keeps_smaller_ones()
    {
        var library = PromptLibrary.Load(ShippedPrompts, maxOutputTokens: 100);

        Assert.Equal(100, Convert.ToInt32(library[PromptLibrary.Answer].ExecutionSettings!["default"].ExtensionData!["max_tokens"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(40, Convert.ToInt32(library[PromptLibrary.ClassifyMessage].ExecutionSettings!["default"].ExtensionData!["max_tokens"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_required_template_that_no_file_declares_fails_the_load_naming_it()
    {
        var folder = Directory.CreateTempSubdirectory("prompts-").FullName;
        File.WriteAllText(Path.Combine(folder, "custom.yaml"), "name: Custom\ntemplate: hi\n");

        var error = Assert.Throws<InvalidDataException>(() => PromptLibrary.Load(folder, null, "Custom", PromptLibrary.SummarizeConversation));

        Assert.Contains("'SummarizeConversation'", error.Message, StringComparison.Ordinal);
        Assert.Contains(folder, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_files_declaring_the_same_name_are_reported()
    {
        var folder = Directory.CreateTempSubdirectory("prompts-").FullName;
        File.WriteAllText(Path.Combine(folder, "a.yaml"), "name: Same\ntemplate: one\n");
        File.WriteAllText(Path.Combine(folder, "b.yaml"), "name: Same\ntemplate: two\n");

        var error = Assert.Throws<InvalidDataException>(() => PromptLibrary.Load(folder));

        Assert.Contains("b.yaml", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Same'", error.Message, StringComparison.Ordinal);
    }
}
