using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Schema;
using SupportBot.Tests.BotFramework;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Channels.BotFramework;

/// /api/messages in anonymous (local development) mode: what it accepts, refuses and answers in the response.
public sealed class BotMessagesEndpointTests : IClassFixture<SupportBotFactory>
{
    private readonly SupportBotFactory _factory;

    public BotMessagesEndpointTests(SupportBotFactory factory) => _factory = factory;

    private async Task<HttpResponseMessage> PostAsync(string json, SupportBotFactory? factory = null)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await (factory ?? _factory).CreateClient().PostAsync(new Uri("/api/messages", UriKind.Relative), content);
    }

    private static string WithChanges(string fixture, Action<JsonObject> change)
    {
        var activity = JsonNode.Parse(Fixture.Read(fixture))!.AsObject();
        change(activity);
        return activity.ToJsonString();
    }

    // Without an app id the bot replies to loopback serviceUrls only, so the recorded Teams activities are addressed
    // to a channel on this machine (nothing listens there: these answers come back in the response).
    private static string OnLoopback(string fixture, Action<JsonObject>? change = null) => WithChanges(fixture, a =>
    {
        a["serviceUrl"] = "http://127.0.0.1:9/";
        change?.Invoke(a);
    });

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{}")]
    [InlineData("{\"type\": 42}")]
    public async Task A_body_that_is_not_an_activity_is_a_400_problem(string body)
    {
        var problem = await ProblemAsync(await PostAsync(body), HttpStatusCode.BadRequest);
        Assert.Equal("Malformed activity", problem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("serviceUrl", "serviceUrl")]
    [InlineData("conversation", "conversation.id")]
    [InlineData("channelId", "channelId")]
    public async Task An_activity_missing_what_a_reply_needs_is_a_400_problem_that_says_what(string removed, string named)
    {
        var problem = await ProblemAsync(await PostAsync(WithChanges("teams-personal-message", a => a.Remove(removed))), HttpStatusCode.BadRequest);
        Assert.Contains(named, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_a_413_problem()
    {
        var huge = WithChanges("teams-personal-message", a => a["channelData"] = new JsonObject { ["padding"] = new string('x', 300 * 1024) });
        await ProblemAsync(await PostAsync(huge), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Text_over_the_length_limit_is_a_400_problem()
    {
        var problem = await ProblemAsync(await PostAsync(WithChanges("teams-personal-message", a => a["text"] = new string('a', 40_001))), HttpStatusCode.BadRequest);
        Assert.Contains("longer than", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_outside_the_allow_list_is_refused()
    {
        using var factory = new SupportBotFactory();
        factory.Settings["Bot:AllowedTenants:0"] = "11111111-2222-3333-4444-555555555555";
        await ProblemAsync(await PostAsync(Fixture.Read("teams-personal-message"), factory), HttpStatusCode.Forbidden);
        // The allowed tenant gets through (expectReplies keeps the reply in the response).
        var allowed = WithChanges("teams-personal-message", a =>
        {
            a["conversation"]!["tenantId"] = "11111111-2222-3333-4444-555555555555";
            a["deliveryMode"] = DeliveryModes.ExpectReplies;
        });
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(allowed, factory)).StatusCode);
    }

    [Fact]
    public async Task A_feedback_invoke_is_answered_200_with_an_empty_object_and_logged_as_a_touchpoint()
    {
        var invoke = OnLoopback("teams-feedback-invoke", a => a["conversation"]!["id"] = $"a:{Guid.NewGuid():N}");
        var response = await PostAsync(invoke);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        var conversation = JsonNode.Parse(invoke)!["conversation"]!["id"]!.GetValue<string>();
        var feedback = Assert.Single(await _factory.Services.GetRequiredService<TouchpointStore>().GetConversationAsync(conversation));
        Assert.Equal(TouchpointKind.Feedback, feedback.Kind);
        Assert.Equal("like", feedback.Reason);
        Assert.Equal("The reset steps worked.", feedback.Text);
        Assert.Equal("1762965913270", feedback.ActivityId);
    }

    [Fact]
    public async Task A_feedback_invoke_without_a_reaction_is_a_400()
    {
        var response = await PostAsync(OnLoopback("teams-feedback-invoke", a => a["value"] = new JsonObject { ["actionName"] = "feedback" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_invoke_nobody_handles_is_a_501()
    {
        var response = await PostAsync(OnLoopback("teams-feedback-invoke", a => a["name"] = "composeExtension/query"));
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
    }

    [Fact]
    public async Task A_card_action_with_an_unknown_verb_is_a_400_in_the_universal_action_error_shape()
    {
        var response = await PostAsync(OnLoopback("teams-adaptive-card-invoke"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, body.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/vnd.microsoft.error", body.GetProperty("type").GetString());
        Assert.Equal("NotSupported", body.GetProperty("value").GetProperty("code").GetString());
    }

    [Fact]
    public async Task ExpectReplies_returns_the_answer_card_in_the_response()
    {
        var question = WithChanges("teams-personal-message", a =>
        {
            a["text"] = "How do I reset my password?";
            a["id"] = Guid.NewGuid().ToString("N");
            a["deliveryMode"] = DeliveryModes.ExpectReplies;
        });
        var response = await PostAsync(question);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = BotJson.Deserialize<ExpectedReplies>(await response.Content.ReadAsStringAsync()).Activities;
        var answer = Assert.Single(replies);
        Assert.Equal(ActivityTypes.Message, answer.Type);
        var card = Assert.Single(answer.Attachments!);
        Assert.Contains("reset", card.Content!.Value.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_an_app_id_no_token_is_needed()
    {
        var question = WithChanges("teams-personal-message", a => a["deliveryMode"] = DeliveryModes.ExpectReplies);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(question)).StatusCode);
        Assert.False(_factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<BotFrameworkOptions>>().Value.IsAuthenticationEnabled);
    }
}
