using SupportBot.Settings;

namespace SupportBot.Knowledge;

internal static class KnowledgeServices
{
    /// The articles' store, the Lucene index and the section vectors, and the ingestor that fills them.
    public static IServiceCollection AddKnowledge(this IServiceCollection services)
    {
        services.AddSettings<KnowledgeOptions>(KnowledgeOptions.Section);
        services.AddSingleton<KnowledgeStore>();
        services.AddSingleton<KnowledgeIndex>();
        services.AddSingleton<SectionVectorStore>();
        services.AddSingleton<SectionEmbedder>();
        services.AddSingleton<KnowledgeIngestor>();
        return services;
    }
}
