using SupportBot.BotFramework;
using SupportBot.BotFramework.Connector;

namespace SupportBot.Tests.BotFramework.Connector;

/// Which caller a serviceUrl belongs to, and so which audience a reply's token has and whether it may go there at all.
public sealed class SkillCallersTests
{
    private const string Root = "11111111-1111-4111-8111-111111111111";
    private const string Nested = "22222222-2222-4222-8222-222222222222";
    private const string NotAllowed = "33333333-3333-4333-8333-333333333333";

    private static BotFrameworkOptions Settings() => new()
    {
        MicrosoftAppId = "00000000-0000-4000-8000-000000000000",
        AllowedCallers = [Root, Nested],
        SkillHostEndpoints = new(StringComparer.OrdinalIgnoreCase)
        {
            [Root] = "https://bots.example.com/api/skills",
            [Nested] = "https://bots.example.com/api/skills/nested/",
            [NotAllowed] = "https://other.example.com/api/skills/",
        },
    };

    [Theory]
    [InlineData("https://bots.example.com/api/skills/", Root)]
    [InlineData("https://bots.example.com/api/skills/v3/conversations/a", Root)]
    [InlineData("https://bots.example.com/api/skills/nested/", Nested)]
    [InlineData("https://BOTS.example.com/api/skills/nested/x", Nested)]
    [InlineData("https://bots.example.com/api/skills/../admin/", null)]
    [InlineData("https://bots.example.com/api/skillsx/", null)]
    [InlineData("https://other.example.com/api/skills/", null)]
    [InlineData("https://smba.trafficmanager.net/amer/", null)]
    public void A_serviceUrl_belongs_to_the_allowed_caller_with_the_longest_entry_holding_it(string serviceUrl, string? caller)
        => Assert.Equal(caller, SkillCallers.CallerAt(new Uri(serviceUrl), Settings()));

    [Fact]
    public void A_callers_endpoint_is_trusted_for_its_replies_over_https_only_and_any_caller_counts_with_a_star()
    {
        var settings = Settings();

        Assert.Null(ServiceUrlTrust.Refusal(new Uri("https://bots.example.com/api/skills/"), settings));
        Assert.Contains("https", ServiceUrlTrust.Refusal(new Uri("http://bots.example.com/api/skills/"), settings), StringComparison.Ordinal);
        Assert.Contains("Bot:SkillHostEndpoints", ServiceUrlTrust.Refusal(new Uri("https://other.example.com/api/skills/"), settings), StringComparison.Ordinal);

        settings.AllowedCallers = ["*"];
        Assert.Equal(NotAllowed, SkillCallers.CallerAt(new Uri("https://other.example.com/api/skills/"), settings));
    }
}
