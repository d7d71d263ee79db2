namespace SupportBot.Analytics;

internal static class AnalyticsServices
{
    public static IServiceCollection AddAnalytics(this IServiceCollection services)
    {
        services.AddSingleton<AnalyticsReader>();
        services.AddSingleton<AnalyticsRollup>();
        services.AddSingleton<RollupReader>();
        services.AddSingleton<Agents.IReportSegments, AgentReportSegments>();
        services.AddSingleton<RollupQuestionReader>();
        services.AddSingleton<QuestionGroups>();
        services.AddSingleton<Demo.DemoSeeder>();
        return services;
    }
}
