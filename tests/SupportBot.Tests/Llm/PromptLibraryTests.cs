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
        Assert.Equal(["company", "locale", "sections", "history", "question"], library[PromptLibrary.Answer].Metadata.Parameters.Select(p => p.Name));
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
}
