using SupportBot.Agents;
using SupportBot.Analytics;
using SupportBot.Answering;
using SupportBot.Channels;
using SupportBot.Channels.BotFramework;
using SupportBot.Channels.DirectLine;
using SupportBot.Channels.Teams;
using SupportBot.Conversations;
using SupportBot.CustomerData;
using SupportBot.Customers;
using SupportBot.Doctor;
using SupportBot.Handoff;
using SupportBot.Knowledge;
using SupportBot.Redis;
using SupportBot.Settings;
using SupportBot.Storage;
using SupportBot.Telemetry;
using SupportBot.Touchpoints;
using SupportBot.Web;

namespace SupportBot.Hosting;

/// The composition root: each feature registers itself (its AddXxx, in its folder); what is left here is what
/// belongs to no one feature, the bindings between two features, and the hosted services' order (StartupSequence).
internal static class SupportBotServices
{
    public static WebApplicationBuilder AddSupportBot(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.AddTelemetry(configuration);
        // How long a stopping instance lets accepted turns finish (TurnDrain) before it cancels them.
        services.Configure<HostOptions>(options =>
            options.ShutdownTimeout = TimeSpan.FromSeconds(configuration.GetValue("Hosting:ShutdownTimeoutSeconds", 30)));
        services.AddSettings<WebOptions>(WebOptions.Section)
            .Validate(o => o.PublicBaseUrl.Length == 0 || (Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"),
                "Web:PublicBaseUrl must be an absolute http(s) URL such as https://support.example.com/, or empty.");
        services.AddDoctor();

        services.AddStorage();
        services.AddKnowledge();
        services.AddAnswering();
        services.AddTouchpoints();
        services.AddCustomers();
        services.AddCustomerData();
        services.AddConversations(configuration);
        services.AddAnalytics();
        services.AddHandoff();
        services.AddConversationSenders();
        services.AddAgents(configuration);
        services.AddRedis(configuration);
        services.AddOpenApi();
        services.AddDirectLine();
        services.AddBotFrameworkChannel(builder.Environment);
        services.AddTeamsChannel();
        // The agents' hub updates the console when a customer answers a file offer (Agents implements Teams' listener).
        services.AddSingleton<ITeamsFileOfferListener>(sp => sp.GetRequiredService<HandoffNotifier>());

        services.AddStartupSequence();
        return builder;
    }
}
