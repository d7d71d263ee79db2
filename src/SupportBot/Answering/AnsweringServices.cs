using Microsoft.Extensions.Options;
using SupportBot.Knowledge;
using SupportBot.Llm;
using SupportBot.Settings;

namespace SupportBot.Answering;

internal static class AnsweringServices
{
    /// What decides a reply: retrieval, the extractive answer, escalation rules, the operator's handoff topics and
    /// glossary, and the optional language model's steps.
    public static IServiceCollection AddAnswering(this IServiceCollection services)
    {
        services.AddSettings<AnsweringOptions>(AnsweringOptions.Section);
        services.AddSingleton<QueryBuilder>();
        services.AddSingleton(sp => HandoffTopics.Load(BesideKnowledge(sp, sp.GetRequiredService<IOptions<AnsweringOptions>>().Value.HandoffTopics)));
        services.AddSingleton(sp => Glossary.Load(BesideKnowledge(sp, sp.GetRequiredService<IOptions<AnsweringOptions>>().Value.Glossary)));
        services.AddSingleton<SectionSentences>();
        services.AddSingleton<HandoffTopicMatcher>();
        services.AddSingleton<Answerer>();
        services.AddSingleton<SuggestionFinder>();
        services.AddLanguageModel();
        services.AddSingleton<QueryRewriter>();
        services.AddSingleton<MessageClassifier>();
        services.AddSingleton<AnswerGuard>();
        services.AddSingleton<QuestionEmbedder>();
        services.AddSingleton<GroundedAnswerer>();
        services.AddSingleton<AnswerPipeline>();
        return services;
    }

    // The operator's answering files (handoff topics, the glossary) live beside the knowledge base they go with.
    private static string BesideKnowledge(IServiceProvider services, string file) => Path.Combine(
        ContentPaths.Resolve(services.GetRequiredService<IOptions<KnowledgeOptions>>().Value.Path, services.GetRequiredService<IHostEnvironment>().ContentRootPath),
        file);
}
